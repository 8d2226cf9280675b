package dev.dbops.alert.receiver.slack;

import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.receiver.http.HttpPost;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.model.Receiver;
import dev.dbops.alert.receiver.http.ReceiverUrls;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A Slack incoming webhook; the webhook URL is the secret, so only its host is ever shown. */
public class SlackReceiver implements Receiver {

    private final String name;
    private final URI webhook;
    private final boolean sendResolved;
    private final Duration timeout;

    public SlackReceiver(String name, URI webhook, boolean sendResolved, Duration timeout) {
        this.name = name;
        this.webhook = webhook;
        this.sendResolved = sendResolved;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public boolean sendsResolved() {
        return sendResolved;
    }

    @Override
    public String endpoint() {
        return ReceiverUrls.shownWithoutPath(webhook);
    }

    @Override
    public Outcome send(Notification notification) {
        return HttpPost.json(webhook, Json.write(SlackMessages.message(notification)), Map.of(), timeout);
    }
}
