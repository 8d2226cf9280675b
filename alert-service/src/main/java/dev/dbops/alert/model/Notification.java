package dev.dbops.alert.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One notification of one group to one receiver, as rendered when its delivery was first claimed and
 * stored with it: a retry, or a restart, sends exactly this again.
 *
 * @param groupLabels the labels the group is formed by (target and rule by default)
 * @param firing alerts reported as firing; {@code resolved} those reported as resolved
 */
public record Notification(String deliveryId, String receiver, String groupKey, Map<String, String> groupLabels,
        List<Alert> firing, List<Alert> resolved, Instant createdAt) {

    public Notification {
        groupLabels = Map.copyOf(groupLabels);
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }

    /** firing while anything fires, resolved once everything did. */
    public String status() {
        return firing.isEmpty() ? "resolved" : "firing";
    }

    public List<Alert> alerts() {
        List<Alert> all = new ArrayList<>(firing);
        all.addAll(resolved);
        return all;
    }

    /** Labels every alert of the notification shares, as Alertmanager's commonLabels. */
    public Map<String, String> commonLabels() {
        List<Alert> all = alerts();
        Map<String, String> common = new TreeMap<>(all.isEmpty() ? Map.of() : all.get(0).labels().values());
        for (Alert alert : all) {
            common.entrySet().removeIf(e -> !e.getValue().equals(alert.labels().values().get(e.getKey())));
        }
        return common;
    }

    /** The same notification for another receiver (the fallback). */
    public Notification forReceiver(String deliveryId, String receiver) {
        return new Notification(deliveryId, receiver, groupKey, groupLabels, firing, resolved, createdAt);
    }
}
