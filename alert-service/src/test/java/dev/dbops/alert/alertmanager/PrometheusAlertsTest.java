package dev.dbops.alert.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.AlertChange.Fire;
import dev.dbops.alert.model.AlertChange.Resolve;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.common.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusAlertsTest {

    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final PrometheusAlerts MAPPING = new PrometheusAlerts(Duration.ofMinutes(5));
    static final Map<String, String> LABELS = Map.of("alertname", "DiskFull", "instance", "db1:9100",
            "severity", "critical");

    static PostedAlert posted(String status, Instant endsAt) {
        return new PostedAlert(status, LABELS, Map.of("summary", "disk 91% full", "description", "Free some space.",
                "runbook_url", "https://runbooks.example/disk", "dashboard", "https://grafana.example/d/1"),
                NOW.minusSeconds(60), endsAt, "http://prometheus.example/graph", null);
    }

    @Test
    void aFiringAlertKeepsItsLabelsAndFiresUntilItsEndsAt() {
        AlertChange change = MAPPING.changes(List.of(posted(null, NOW.plusSeconds(180))), "prometheus:1", NOW).get(0);
        Fire fire = (Fire) change;
        Alert alert = fire.alert();
        assertThat(fire.resolveAfter()).isEqualTo(NOW.plusSeconds(180));
        assertThat(alert.labels().values()).isEqualTo(LABELS);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.target()).isEqualTo("db1:9100");
        assertThat(alert.rule()).isEqualTo("DiskFull");
        assertThat(alert.summary()).isEqualTo("disk 91% full");
        assertThat(alert.description()).isEqualTo("Free some space.");
        assertThat(alert.runbookUrl()).isEqualTo("https://runbooks.example/disk");
        assertThat(alert.details()).isEqualTo(Map.of("dashboard", "https://grafana.example/d/1",
                Alert.GENERATOR_URL, "http://prometheus.example/graph"));
        assertThat(alert.startsAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void anAlertWithoutEndsAtFiresForTheResolveTimeoutAsAlertmanagersWebhookWritesGoZeroTime() {
        Fire fire = (Fire) MAPPING.changes(List.of(posted("firing", Instant.parse("0001-01-01T00:00:00Z"))), "w", NOW)
                .get(0);
        assertThat(fire.resolveAfter()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aPassedEndsAtOrTheResolvedStatusResolvesTheSameFingerprint() {
        String fingerprint = ((Fire) MAPPING.changes(List.of(posted(null, null)), "p", NOW).get(0)).alert().fingerprint();
        assertThat(MAPPING.changes(List.of(posted(null, NOW.minusSeconds(1))), "p", NOW))
                .containsExactly(new Resolve(fingerprint, NOW.minusSeconds(1)));
        assertThat(MAPPING.changes(List.of(posted("resolved", Instant.parse("0001-01-01T00:00:00Z"))), "w", NOW))
                .containsExactly(new Resolve(fingerprint, NOW));
    }

    @Test
    void theFingerprintIsPrometheusLabelSetFingerprint() {
        assertThat(LabelFingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
        assertThat(LabelFingerprint.of(Map.of("b", "2", "a", "1"))).isEqualTo(LabelFingerprint.of(Map.of("a", "1", "b", "2")))
                .hasSize(16).isNotEqualTo(LabelFingerprint.of(Map.of("a", "12")));
    }

    @Test
    void unknownSeveritiesCountAsWarning() {
        assertThat(PrometheusAlerts.severity("page")).isEqualTo(Severity.CRITICAL);
        assertThat(PrometheusAlerts.severity("info")).isEqualTo(Severity.INFO);
        assertThat(PrometheusAlerts.severity("high")).isEqualTo(Severity.WARNING);
        assertThat(PrometheusAlerts.severity(null)).isEqualTo(Severity.WARNING);
    }

    @Test
    void anAlertWithoutLabelsOrWithABadLabelNameIsRefusedWithItsIndex() {
        PostedAlert unlabelled = new PostedAlert(null, Map.of(), null, null, null, null, null);
        assertThatThrownBy(() -> MAPPING.changes(List.of(posted(null, null), unlabelled), "p", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alert 1: an alert needs labels");
        PostedAlert badName = new PostedAlert(null, Map.of("bad-name", "x"), null, null, null, null, null);
        assertThatThrownBy(() -> MAPPING.changes(List.of(badName), "p", NOW))
                .hasMessageStartingWith("alert 0: invalid label 'bad-name'");
    }
}
