package dev.dbops.alert.receiver.slack;

import dev.dbops.alert.model.AlertTexts;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incoming-webhook messages: a plain {@code text} fallback (what notifications and old clients show)
 * plus Block Kit blocks within Slack's limits: a header of at most 150 characters, sections of at
 * most 3000, at most 50 blocks (a long group ends with a count of the alerts left out).
 */
public final class SlackMessages {

    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    static final int MAX_BLOCKS = 50;
    static final int MAX_TEXT = 3000;

    private SlackMessages() {
    }

    public static Map<String, Object> message(Notification notification) {
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", plain(AlertTexts.abbreviate(title(notification), MAX_HEADER))));
        List<Alert> alerts = notification.alerts();
        // each alert takes a section and a context block; keep room for the "more" section
        int room = (MAX_BLOCKS - 2) / 2;
        for (int i = 0; i < alerts.size(); i++) {
            if (i == room && alerts.size() > room) {
                blocks.add(section("…and " + (alerts.size() - room) + " more alert(s) in this group."));
                break;
            }
            Alert alert = alerts.get(i);
            boolean firing = i < notification.firing().size();
            blocks.add(section(alertText(alert, firing)));
            blocks.add(context(alert));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", AlertTexts.abbreviate(fallback(notification), MAX_TEXT));
        message.put("blocks", blocks);
        return message;
    }

    /** [FIRING:2] critical · orders · replication.lag */
    static String title(Notification notification) {
        String marker = notification.firing().isEmpty() ? "✅ [RESOLVED" : "🔥 [FIRING";
        int count = notification.firing().isEmpty() ? notification.resolved().size() : notification.firing().size();
        Alert first = notification.alerts().get(0);
        // the target first, then the other group labels by name
        List<String> parts = new ArrayList<>();
        parts.add(first.labels().get(Labels.SEVERITY));
        String target = notification.groupLabels().get(Labels.TARGET);
        if (target != null) {
            parts.add(target);
        }
        new java.util.TreeMap<>(notification.groupLabels()).forEach((name, value) -> {
            if (!name.equals(Labels.TARGET)) {
                parts.add(value);
            }
        });
        return marker + ":" + count + "] " + String.join(" · ", parts);
    }

    static String fallback(Notification notification) {
        StringBuilder text = new StringBuilder(title(notification));
        for (Alert alert : notification.alerts()) {
            text.append('\n').append(alert.summary());
        }
        return text.toString();
    }

    private static String alertText(Alert alert, boolean firing) {
        StringBuilder text = new StringBuilder();
        text.append(firing ? "*" : "~").append(escape(alert.summary())).append(firing ? "*" : "~");
        if (!firing) {
            text.append("\nresolved").append(alert.endsAt() == null ? "" : " at " + alert.endsAt());
        }
        if (firing && alert.description() != null) {
            text.append('\n').append(escape(alert.description()));
        }
        if (alert.runbookUrl() != null) {
            text.append("\n<").append(alert.runbookUrl()).append("|Runbook>");
        }
        return AlertTexts.abbreviate(text.toString(), MAX_SECTION);
    }

    private static Map<String, Object> context(Alert alert) {
        String text = "*target* " + alert.target() + "  *rule* " + alert.rule() + "  *severity* "
                + alert.labels().get(Labels.SEVERITY) + "  *since* " + alert.startsAt() + "  *fingerprint* "
                + alert.fingerprint();
        return Map.of("type", "context", "elements",
                List.of(Map.of("type", "mrkdwn", "text", AlertTexts.abbreviate(escape(text), MAX_SECTION))));
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text, "emoji", true);
    }

    /** Slack's mrkdwn needs &, < and > escaped; everything else passes as is. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
