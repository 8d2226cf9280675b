package dev.dbops.alert.receiver.pagerduty;

import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.receiver.http.HttpPost;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.model.Receiver;
import dev.dbops.alert.receiver.http.ReceiverUrls;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty Events API v2: one event per alert of the notification (the dedup key is per alert). A
 * retry sends them all again, which PagerDuty deduplicates by dedup_key.
 */
public class PagerDutyReceiver implements Receiver {

    private final String name;
    private final URI eventsUrl;
    private final String routingKey;
    private final boolean sendResolved;
    private final Duration timeout;

    public PagerDutyReceiver(String name, URI eventsUrl, String routingKey, boolean sendResolved, Duration timeout) {
        this.name = name;
        this.eventsUrl = eventsUrl;
        this.routingKey = routingKey;
        this.sendResolved = sendResolved;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public boolean sendsResolved() {
        return sendResolved;
    }

    @Override
    public String endpoint() {
        return ReceiverUrls.shown(eventsUrl);
    }

    @Override
    public Outcome send(Notification notification) {
        Outcome last = Outcome.accepted(202);
        for (Alert alert : notification.firing()) {
            last = post(PagerDutyEvents.trigger(alert, routingKey));
            if (!last.accepted()) {
                return last;
            }
        }
        for (Alert alert : notification.resolved()) {
            last = post(PagerDutyEvents.resolve(alert, routingKey));
            if (!last.accepted()) {
                return last;
            }
        }
        return last;
    }

    /** Sends a stored change event with the routing key, to the change endpoint beside the events endpoint. */
    public Outcome sendChange(String storedBody) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey);
        body.putAll(Json.read(storedBody, Map.class));
        return HttpPost.json(eventsUrl.resolve("change/enqueue"), Json.write(body), Map.of(), timeout);
    }

    private Outcome post(Map<String, Object> body) {
        return HttpPost.json(eventsUrl, Json.write(body), Map.of(), timeout);
    }
}
