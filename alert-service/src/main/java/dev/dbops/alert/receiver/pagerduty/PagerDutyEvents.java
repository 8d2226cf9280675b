package dev.dbops.alert.receiver.pagerduty;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Labels;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events API v2 bodies. A firing alert is a {@code trigger}, a resolved one a {@code resolve}, both
 * with {@code dedup_key} = the alert's fingerprint and the same routing key, so PagerDuty folds every
 * trigger of one alert into one incident and the resolve closes it.
 */
public final class PagerDutyEvents {

    static final int MAX_SUMMARY = 1024;

    private PagerDutyEvents() {
    }

    public static Map<String, Object> trigger(Alert alert, String routingKey) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary(alert.summary()));
        payload.put("source", alert.target());
        payload.put("severity", severity(alert));
        payload.put("timestamp", alert.startsAt().toString());
        payload.put("component", alert.rule());
        payload.put("group", alert.labels().get(Labels.SERVICE));
        payload.put("class", alert.labels().get(Labels.KIND));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("labels", alert.labels().values());
        if (alert.description() != null) {
            details.put("description", alert.description());
        }
        details.putAll(alert.details());
        details.put("fingerprint", alert.fingerprint());
        payload.put("custom_details", details);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey);
        body.put("event_action", "trigger");
        body.put("dedup_key", alert.fingerprint());
        body.put("payload", payload);
        body.put("client", "dbops alert-service");
        if (alert.runbookUrl() != null) {
            body.put("links", List.of(Map.of("href", alert.runbookUrl(), "text", "Runbook: " + alert.rule())));
        }
        return body;
    }

    /** A resolve needs only the routing key and the dedup key of the trigger it closes. */
    public static Map<String, Object> resolve(Alert alert, String routingKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey);
        body.put("event_action", "resolve");
        body.put("dedup_key", alert.fingerprint());
        return body;
    }

    /**
     * A change event (Events API v2, {@code /v2/change/enqueue}): something changed on the target, shown on
     * the PagerDuty service's timeline beside its incidents. The routing key is added when it is sent.
     */
    public static Map<String, Object> change(String target, String summary, Map<String, Object> details, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary(summary));
        payload.put("timestamp", at.toString());
        payload.put("source", target);
        payload.put("custom_details", details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payload", payload);
        return body;
    }

    /** PagerDuty's severities are critical, error, warning and info; ours map onto the same words. */
    static String severity(Alert alert) {
        return switch (alert.severity()) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }

    static String summary(String text) {
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
