package dev.dbops.alert.receiver.webhook;

import dev.dbops.alert.deliver.Notification;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.receiver.HttpPost;
import dev.dbops.alert.receiver.Outcome;
import dev.dbops.alert.receiver.Receiver;
import dev.dbops.alert.receiver.ReceiverUrls;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;

import java.util.Map;

/**
 * A generic JSON webhook in the shape of Alertmanager's (version 4), plus the delivery id, which is
 * also sent as the {@code Idempotency-Key} header so that a receiver can drop a resend.
 */
public class WebhookReceiver implements Receiver {

    private final String name;
    private final URI url;
    private final Map<String, String> headers;
    private final boolean sendResolved;
    private final Duration timeout;

    public WebhookReceiver(String name, URI url, Map<String, String> headers, boolean sendResolved,
            Duration timeout) {
        this.name = name;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.sendResolved = sendResolved;
        this.timeout = timeout;
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
        return HttpPost.json(url, Json.write(body(notification)), all, timeout);
    }

    public static Map<String, Object> body(Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("deliveryId", notification.deliveryId());
        body.put("groupKey", notification.groupKey());
        body.put("status", notification.status());
        body.put("receiver", notification.receiver());
        body.put("groupLabels", notification.groupLabels());
        body.put("commonLabels", notification.commonLabels());
        body.put("alerts", notification.alerts().stream().map(WebhookReceiver::alert).toList());
        return body;
    }

    private static Map<String, Object> alert(Alert alert) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", alert.status().wire());
        map.put("fingerprint", alert.fingerprint());
        map.put("labels", alert.labels().values());
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", alert.summary());
        if (alert.description() != null) {
            annotations.put("description", alert.description());
        }
        if (alert.runbookUrl() != null) {
            annotations.put("runbook_url", alert.runbookUrl());
        }
        map.put("annotations", annotations);
        map.put("details", alert.details());
        map.put("startsAt", alert.startsAt().toString());
        if (alert.endsAt() != null) {
            map.put("endsAt", alert.endsAt().toString());
        }
        map.put("eventId", alert.lastEventId());
        map.put("eventTime", alert.lastEventTime().toString());
        return map;
    }

}
