package dev.dbops.alert.receiver.pagerduty;

import static dev.dbops.alert.Fixtures.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.model.Alert;
import dev.dbops.common.event.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagerDutyEventsTest {

    @Test
    @SuppressWarnings("unchecked")
    void aTriggerCarriesEveryFieldOfTheEventsApiV2() {
        Alert alert = firing("orders", "replication.lag", Severity.CRITICAL);
        Map<String, Object> body = PagerDutyEvents.trigger(alert, "R0UTING");
        assertThat(body).containsEntry("routing_key", "R0UTING").containsEntry("event_action", "trigger")
                .containsEntry("dedup_key", "orders/replication.lag");
        Map<String, Object> payload = (Map<String, Object>) body.get("payload");
        assertThat(payload).containsEntry("summary", alert.summary()).containsEntry("source", "orders")
                .containsEntry("severity", "critical").containsEntry("timestamp", "2026-11-21T12:00:00Z")
                .containsEntry("component", "replication.lag").containsEntry("group", "monitor-service")
                .containsEntry("class", "threshold");
        assertThat((Map<String, Object>) payload.get("custom_details")).containsEntry("value", 97.0)
                .containsEntry("description", "what to do").containsKey("labels");
        assertThat(body.get("links")).isEqualTo(List.of(Map.of("href", "https://runbooks.example.com/replication.lag",
                "text", "Runbook: replication.lag")));
    }

    @Test
    void aResolveHasTheSameRoutingAndDedupKeyAndNothingElse() {
        Alert alert = firing("orders", "replication.lag", Severity.WARNING);
        assertThat(PagerDutyEvents.resolve(alert, "R0UTING")).containsExactly(Map.entry("routing_key", "R0UTING"),
                Map.entry("event_action", "resolve"), Map.entry("dedup_key", "orders/replication.lag"));
    }

    @Test
    void summariesAreCutAt1024Characters() {
        assertThat(PagerDutyEvents.summary("x".repeat(1024))).hasSize(1024);
        assertThat(PagerDutyEvents.summary("x".repeat(5000))).hasSize(1024).endsWith("…");
    }

    @Test
    void severitiesMapOntoPagerDutys() {
        assertThat(PagerDutyEvents.severity(firing("a", "b", Severity.INFO))).isEqualTo("info");
        assertThat(PagerDutyEvents.severity(firing("a", "b", Severity.WARNING))).isEqualTo("warning");
        assertThat(PagerDutyEvents.severity(firing("a", "b", Severity.CRITICAL))).isEqualTo("critical");
    }
}
