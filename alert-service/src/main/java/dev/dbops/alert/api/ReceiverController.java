package dev.dbops.alert.api;

import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.receiver.ResilientReceiver;
import dev.dbops.alert.store.DeliveryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Receiver health: enabled or why not, where it sends (secrets left out), circuit state, deliveries by status. */
@RestController
class ReceiverController {

    private final Receivers receivers;
    private final DeliveryStore deliveries;

    ReceiverController(Receivers receivers, DeliveryStore deliveries) {
        this.receivers = receivers;
        this.deliveries = deliveries;
    }

    @GetMapping("/api/receivers")
    List<Map<String, Object>> receivers() {
        Map<String, Map<String, Object>> counts = new TreeMap<>();
        for (Map<String, Object> row : deliveries.counts()) {
            Map<String, Object> byStatus = counts.computeIfAbsent((String) row.get("receiver"), r -> new TreeMap<>());
            byStatus.put((String) row.get("status"), row.get("n"));
            if (row.get("last_delivered") != null) {
                byStatus.put("lastDeliveredAt", row.get("last_delivered"));
            }
        }
        List<Map<String, Object>> result = new ArrayList<>();
        receivers.configs().forEach((name, config) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", name);
            view.put("type", config.type());
            ResilientReceiver receiver = receivers.get(name).orElse(null);
            view.put("enabled", receiver != null);
            if (receiver == null) {
                view.put("disabledBecause", receivers.disabled().get(name));
            } else {
                view.put("endpoint", receiver.receiver().endpoint());
                view.put("circuit", receiver.circuitBreaker().getState().name());
                view.put("failureRate", receiver.circuitBreaker().getMetrics().getFailureRate());
            }
            view.put("deliveries", counts.getOrDefault(name, Map.of()));
            result.add(view);
        });
        return result;
    }
}
