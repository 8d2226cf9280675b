package dev.dbops.alert.receiver.webhook;

import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.receiver.http.HttpPost;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.model.Receiver;
import dev.dbops.alert.receiver.http.ReceiverUrls;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generic JSON webhook with Alertmanager's body (version 4: groupKey, truncatedAlerts, status,
 * receiver, groupLabels, commonLabels, commonAnnotations, externalURL, alerts with generatorURL and
 * fingerprint), so that anything written for Alertmanager's webhooks reads it; plus the delivery id,
 * which is also sent as the {@code Idempotency-Key} header so that a receiver can drop a resend.
 */
public class WebhookReceiver implements Receiver {

    /**
     * What the body says beyond the notification.
     *
     * @param externalUrl where people reach dbops; dbops's own alerts link to their history under it
     * @param maxAlerts at most this many alerts per body (0: all), as Alertmanager's max_alerts
     */
    public record Body(String externalUrl, int maxAlerts) {

        public Body {
            externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
        }
    }

    private final String name;
    private final URI url;
    private final Map<String, String> headers;
    private final boolean sendResolved;
    private final Duration timeout;
    private final Body shape;

    public WebhookReceiver(String name, URI url, Map<String, String> headers, boolean sendResolved,
            Duration timeout, Body shape) {
        this.name = name;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.sendResolved = sendResolved;
        this.timeout = timeout;
        this.shape = shape;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public boolean sendsResolved() {
        return sendResolved;
    }

    @Override
    public String endpoint() {
        return ReceiverUrls.shown(url);
    }

    @Override
    public Outcome send(Notification notification) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Idempotency-Key", notification.deliveryId());
        return HttpPost.json(url, Json.write(body(notification, shape)), all, timeout);
    }

    public static Map<String, Object> body(Notification notification, Body shape) {
        List<Alert> alerts = notification.alerts();
        int shown = shape.maxAlerts() > 0 ? Math.min(shape.maxAlerts(), alerts.size()) : alerts.size();
        List<Map<String, String>> annotations = alerts.stream().map(WebhookReceiver::annotations).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("deliveryId", notification.deliveryId());
        body.put("groupKey", notification.groupKey());
        body.put("truncatedAlerts", alerts.size() - shown);
        body.put("status", notification.status());
        body.put("receiver", notification.receiver());
        body.put("groupLabels", notification.groupLabels());
        body.put("commonLabels", notification.commonLabels());
        body.put("commonAnnotations", common(annotations));
        body.put("externalURL", shape.externalUrl());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            listed.add(alert(alerts.get(i), annotations.get(i), shape));
        }
        body.put("alerts", listed);
        return body;
    }

    private static Map<String, Object> alert(Alert alert, Map<String, String> annotations, Body shape) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", alert.status().wire());
        map.put("labels", alert.labels().values());
        map.put("annotations", annotations);
        map.put("startsAt", alert.startsAt().toString());
        // Alertmanager writes Go's zero time for an alert that has not ended
        map.put("endsAt", alert.endsAt() != null ? alert.endsAt().toString() : "0001-01-01T00:00:00Z");
        map.put("generatorURL", alert.details().get(Alert.GENERATOR_URL) instanceof String url ? url
                : shape.externalUrl() + "/api/alerts/history?fingerprint="
                        + URLEncoder.encode(alert.fingerprint(), StandardCharsets.UTF_8));
        map.put("fingerprint", alert.fingerprint());
        map.put("details", alert.details());
        map.put("eventId", alert.lastEventId());
        map.put("eventTime", alert.lastEventTime().toString());
        return map;
    }

    private static Map<String, String> annotations(Alert alert) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("summary", alert.summary());
        if (alert.description() != null) {
            annotations.put("description", alert.description());
        }
        if (alert.runbookUrl() != null) {
            annotations.put("runbook_url", alert.runbookUrl());
        }
        return annotations;
    }

    /** The annotations every alert has with the same value, as Alertmanager's commonAnnotations. */
    private static Map<String, String> common(List<Map<String, String>> annotations) {
        Map<String, String> common = new TreeMap<>(annotations.isEmpty() ? Map.of() : annotations.get(0));
        annotations.forEach(a -> common.entrySet().removeIf(e -> !e.getValue().equals(a.get(e.getKey()))));
        return common;
    }
}
