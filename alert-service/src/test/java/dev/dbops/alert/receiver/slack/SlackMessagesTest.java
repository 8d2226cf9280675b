package dev.dbops.alert.receiver.slack;

import static dev.dbops.alert.Fixtures.T0;
import static dev.dbops.alert.Fixtures.firing;
import static dev.dbops.alert.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Alert;
import dev.dbops.common.event.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {

    static Notification notification(List<Alert> firing, List<Alert> resolved) {
        return new Notification("d1", "slack", "slack|0|{}", Map.of("target", "orders", "rule", "replication.lag"),
                firing, resolved, T0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Map<String, Object> message) {
        return (List<Map<String, Object>>) message.get("blocks");
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> block) {
        return (String) ((Map<String, Object>) block.get("text")).get("text");
    }

    @Test
    void aFiringAlertHasAFallbackTextAHeaderASectionAndAContext() {
        Alert alert = firing("orders", "replication.lag", Severity.CRITICAL);
        Map<String, Object> message = SlackMessages.message(notification(List.of(alert), List.of()));
        assertThat((String) message.get("text")).startsWith("🔥 [FIRING:1] critical · ").contains(alert.summary());
        List<Map<String, Object>> blocks = blocks(message);
        assertThat(blocks).extracting(b -> b.get("type")).containsExactly("header", "section", "context");
        assertThat(text(blocks.get(0))).startsWith("🔥 [FIRING:1] critical");
        assertThat(text(blocks.get(1))).isEqualTo("*" + alert.summary() + "*\nwhat to do\n<"
                + alert.runbookUrl() + "|Runbook>");
    }

    @Test
    void aResolvedNotificationSaysSo() {
        Map<String, Object> message = SlackMessages.message(notification(List.of(),
                List.of(resolved("orders", "replication.lag", Severity.CRITICAL))));
        assertThat(text(blocks(message).get(0))).startsWith("✅ [RESOLVED:1]");
        assertThat(text(blocks(message).get(1))).startsWith("~").contains("\nresolved at ");
    }

    @Test
    void staysWithinSlacksLimits() {
        List<Alert> many = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            Alert a = firing("orders", "rule" + i, Severity.WARNING);
            many.add(new Alert(a.fingerprint(), a.labels(), a.severity(), a.status(), "s".repeat(5000), "d".repeat(5000),
                    a.runbookUrl(), a.details(), a.startsAt(), a.endsAt(), a.lastEventId(), a.lastEventTime()));
        }
        Notification n = new Notification("d1", "slack", "k", Map.of("target", "t".repeat(400)), many, List.of(), T0);
        Map<String, Object> message = SlackMessages.message(n);
        List<Map<String, Object>> blocks = blocks(message);
        assertThat(blocks).hasSizeLessThanOrEqualTo(50);
        assertThat(text(blocks.get(0))).hasSizeLessThanOrEqualTo(150);
        blocks.stream().filter(b -> b.get("type").equals("section"))
                .forEach(b -> assertThat(text(b)).hasSizeLessThanOrEqualTo(3000));
        assertThat(text(blocks.get(blocks.size() - 1))).isEqualTo("…and 56 more alert(s) in this group.");
        assertThat((String) message.get("text")).hasSizeLessThanOrEqualTo(3000);
    }

    @Test
    void escapesSlacksControlCharacters() {
        assertThat(SlackMessages.escape("a < b & c > d")).isEqualTo("a &lt; b &amp; c &gt; d");
    }
}
