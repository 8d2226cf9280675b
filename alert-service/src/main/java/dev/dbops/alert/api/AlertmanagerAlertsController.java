package dev.dbops.alert.api;

import dev.dbops.alert.alertmanager.PostedAlert;
import dev.dbops.alert.alertmanager.PrometheusAlerts;
import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.engine.AlertIntake;
import dev.dbops.alert.model.AlertChange;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alerts in from Prometheus ({@code POST /api/v2/alerts}, Alertmanager's own API, so a Prometheus whose
 * alerting config points here needs nothing else) and from an Alertmanager's webhook receiver. They take
 * the same path as dbops's own alerts: routing, grouping, inhibition, silences and persisted delivery.
 * The answer comes after the commit, so an accepted alert survives a crash.
 */
@RestController
class AlertmanagerAlertsController {

    static final String WEBHOOK_PATH = "/api/alertmanager/webhook";

    private final PrometheusAlerts mapping;
    private final AlertIntake intake;
    private final TransactionTemplate tx;
    private final Clock clock;

    AlertmanagerAlertsController(AlertSettings settings, AlertIntake intake,
            PlatformTransactionManager transactions, Clock clock) {
        this.mapping = new PrometheusAlerts(settings.intake().resolveTimeout());
        this.intake = intake;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @PostMapping("/api/v2/alerts")
    ResponseEntity<Void> fromPrometheus(@RequestBody List<PostedAlert> alerts) {
        apply(alerts, "prometheus");
        return ResponseEntity.ok().build();
    }

    @PostMapping(WEBHOOK_PATH)
    ResponseEntity<Map<String, Object>> fromAlertmanager(@RequestBody PostedAlert.WebhookBody body) {
        if (body.alerts() == null) {
            throw new IllegalArgumentException("not an Alertmanager webhook body: no alerts");
        }
        apply(body.alerts(), "alertmanager-webhook");
        return ResponseEntity.ok(Map.of("accepted", body.alerts().size()));
    }

    private void apply(List<PostedAlert> alerts, String source) {
        Instant now = clock.instant();
        String id = source + ":" + UUID.randomUUID();
        List<AlertChange> changes = mapping.changes(alerts, id, now);
        tx.executeWithoutResult(status -> intake.apply(changes.stream()
                .map(change -> new AlertIntake.Step(change, source, id, now)).toList(), now));
    }
}
