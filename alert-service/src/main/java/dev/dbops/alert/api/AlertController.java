package dev.dbops.alert.api;

import dev.dbops.alert.inhibit.MigrationWindow;
import dev.dbops.alert.inhibit.MigrationWindows;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.store.AlertStore;
import dev.dbops.alert.store.DeliveryStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Alerts (active, resolved), one alert's history with its deliveries, deliveries, migration windows. */
@RestController
@RequestMapping("/api")
class AlertController {

    private final AlertStore alerts;
    private final DeliveryStore deliveries;
    private final MigrationWindows windows;

    AlertController(AlertStore alerts, DeliveryStore deliveries, MigrationWindows windows) {
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.windows = windows;
    }

    /** status=firing for the active alerts, resolved for the resolved ones; newest change first. */
    @GetMapping("/alerts")
    List<Alert> alerts(@RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String target,
            @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            throw new IllegalArgumentException("status is firing or resolved, not '" + status + "'");
        }
        return alerts.list(status, target, Math.min(Math.max(limit, 1), 1000));
    }

    /** One alert with every change and every delivery that carried it. */
    @GetMapping("/alerts/history")
    Map<String, Object> history(@RequestParam String fingerprint) {
        return alerts.find(fingerprint).map(alert -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("alert", alert);
            body.put("changes", alerts.changes(fingerprint));
            body.put("deliveries", deliveries.ofAlert(fingerprint));
            return body;
        }).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no alert " + fingerprint));
    }

    @GetMapping("/deliveries")
    List<Map<String, Object>> deliveries(@RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String receiver,
            @RequestParam(defaultValue = "100") int limit) {
        return deliveries.list(status, receiver, Math.min(Math.max(limit, 1), 1000));
    }

    @GetMapping("/migration-windows")
    List<MigrationWindow> migrationWindows() {
        return windows.all();
    }
}
