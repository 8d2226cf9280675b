package dev.dbops.alert.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.AlertChange.Changed;
import dev.dbops.alert.model.AlertChange.Fire;
import dev.dbops.alert.model.AlertChange.Resolve;
import dev.dbops.alert.model.AlertChange.WindowClose;
import dev.dbops.alert.model.AlertChange.WindowOpen;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.event.BackupFailed;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupStarted;
import dev.dbops.common.event.BackupVerificationFailed;
import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.MigrationCompleted;
import dev.dbops.common.event.MigrationFailed;
import dev.dbops.common.event.MigrationRolledBack;
import dev.dbops.common.event.MigrationStarted;
import dev.dbops.common.event.SampleEvents;
import dev.dbops.common.event.Severity;
import dev.dbops.common.event.SlowQueryDetected;
import dev.dbops.common.event.ThresholdBreached;
import dev.dbops.common.event.ThresholdResolved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    static final Instant T = Instant.parse("2026-11-21T12:00:00Z");
    final AlertRules rules = new AlertRules(new AlertSettings.Intake("https://runbooks.example.com/{rule}",
            Map.of("replication.lag", "https://wiki.example.com/lag"), Duration.ofMinutes(30), 2));

    static CloudEvent<?> event(DbopsEvent data) {
        return new CloudEvent<>("ce-1", "/dbops/test", "dev.dbops.x.v1", T, data.target(), null, data);
    }

    Alert fired(DbopsEvent data) {
        return rules.changes(event(data)).stream().filter(Fire.class::isInstance).map(c -> ((Fire) c).alert())
                .findFirst().orElseThrow();
    }

    @Test
    void aBreachFiresAnAlertKeyedByTargetAndRule() {
        Alert alert = fired(new ThresholdBreached("orders", "replication.lag", Severity.CRITICAL, 12.5, 5, "s", T,
                Map.of("replica", "orders-replica-1")));
        assertThat(alert.fingerprint()).isEqualTo("orders/replication.lag");
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.labels().values()).containsEntry("target", "orders").containsEntry("rule", "replication.lag")
                .containsEntry("service", "monitor-service").containsEntry("severity", "critical")
                .containsEntry("kind", "threshold");
        assertThat(alert.summary()).isEqualTo("orders: replication.lag is 12.50 s (threshold 5 s) since " + T);
        assertThat(alert.runbookUrl()).isEqualTo("https://wiki.example.com/lag");
        assertThat(alert.details()).containsEntry("replica", "orders-replica-1").containsEntry("value", 12.5);
        assertThat(alert.startsAt()).isEqualTo(T);
        assertThat(alert.lastEventId()).isEqualTo("ce-1");
    }

    @Test
    void aResolveNamesTheSameFingerprint() {
        assertThat(rules.changes(event(new ThresholdResolved("orders", "replication.lag", 1, T, T.plusSeconds(60)))))
                .containsExactly(new Resolve("orders/replication.lag", T.plusSeconds(60)));
    }

    @Test
    void rulesWithoutTheirOwnRunbookUseTheTemplate() {
        Alert alert = fired(new ThresholdBreached("orders", "connections.used", Severity.WARNING, 95, 90, "%", T,
                Map.of()));
        assertThat(alert.runbookUrl()).isEqualTo("https://runbooks.example.com/connections.used");
        assertThat(alert.summary()).startsWith("orders: connections.used is 95% (threshold 90%)");
    }

    @Test
    void aSlowQueryIsAWarningPerQueryThatResolvesByTimeout() {
        List<AlertChange> changes = rules.changes(event(new SlowQueryDetected("orders", "42", "SELECT * FROM t", 40,
                812.4, 32496, 1, T.minusSeconds(60), T, 500)));
        Fire fire = (Fire) changes.get(0);
        assertThat(fire.alert().fingerprint()).isEqualTo("orders/slow-query/42");
        assertThat(fire.alert().severity()).isEqualTo(Severity.WARNING);
        assertThat(fire.alert().labels().values()).containsEntry("query_id", "42");
        assertThat(fire.alert().summary()).isEqualTo("orders: query 42 averaged 812.40 ms over 40 calls (threshold 500 ms)");
        assertThat(fire.resolveAfter()).isEqualTo(T.plus(Duration.ofMinutes(30)));
    }

    @Test
    void backupFailuresAreCriticalAndResolveWhenABackupCompletes() {
        Alert failed = fired(new BackupFailed(null, "orders", BackupReason.PRE_MIGRATION, "r1", "pg_dump exited 1", T));
        assertThat(failed.fingerprint()).isEqualTo("orders/backup.failed");
        assertThat(failed.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(failed.summary()).isEqualTo("orders: pre-migration backup failed: pg_dump exited 1");
        assertThat(rules.changes(event(new BackupCompleted("b1", "orders", BackupReason.SCHEDULED, null, 1, "x", 1,
                "file:///b1", T)))).containsExactly(new Resolve("orders/backup.failed", T));
        Alert verification = fired(new BackupVerificationFailed("b1", "orders", "checksum", "file 3 differs", T));
        assertThat(verification.summary()).isEqualTo("orders: backup b1 failed its checksum check: file 3 differs");
    }

    @Test
    void aMigrationOpensAWindowWithAnInfoNoticeAndClosesIt() {
        List<AlertChange> started = rules.changes(event(new MigrationStarted("r1", "orders", "b1", "1", "3",
                List.of("2", "3"), T)));
        assertThat(started.get(0)).isEqualTo(new WindowOpen("orders", "r1", T));
        Alert notice = ((Fire) started.get(1)).alert();
        assertThat(notice.severity()).isEqualTo(Severity.INFO);
        assertThat(notice.summary()).isEqualTo("orders: migration r1 started (1 → 3)");

        List<AlertChange> completed = rules.changes(event(new MigrationCompleted("r1", "orders", List.of(), "3", 10,
                T.plusSeconds(10))));
        assertThat(completed).containsExactly(new WindowClose("orders", "r1", false, T.plusSeconds(10)),
                new Resolve("orders/migration.running", T.plusSeconds(10)),
                new Resolve("orders/migration.failed", T.plusSeconds(10)),
                new Changed("orders", "orders: migration r1 applied nothing (now at version 3)", Map.of("request_id",
                        "r1", "applied_versions", List.of(), "current_version", "3", "duration_ms", 10L),
                        T.plusSeconds(10)));
    }

    @Test
    void aRolledBackMigrationIsAChangeToTellPagerDutyNotAnAlert() {
        assertThat(rules.changes(event(new MigrationRolledBack("r2", "orders", "4", "3", List.of("4"), true, 700,
                T)))).containsExactly(new Changed("orders", "orders: migration r2 rolled back from 4 to 3 (automatically)",
                        Map.of("request_id", "r2", "undone_versions", List.of("4"), "from_version", "4", "to_version", "3",
                                "automatic", true, "duration_ms", 700L), T));
    }

    @Test
    void aFailedMigrationReleasesTheWindowAndPagesWithTheTargetState() {
        List<AlertChange> failed = rules.changes(event(new MigrationFailed("r1", "orders", "lock-timeout", "2",
                "55P03", "lock timeout on orders", "at version 1, unchanged", List.of(), T)));
        assertThat(failed.get(0)).isEqualTo(new WindowClose("orders", "r1", true, T));
        assertThat(failed.get(1)).isEqualTo(new Resolve("orders/migration.running", T));
        Alert alert = ((Fire) failed.get(2)).alert();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.summary()).isEqualTo("orders: migration r1 failed (lock-timeout) at version 2: lock timeout on orders");
        assertThat(alert.description()).isEqualTo("Target state: at version 1, unchanged");
    }

    @Test
    void eventsAlertingDoesNotCareAboutChangeNothing() {
        assertThat(rules.changes(event(new BackupStarted("b1", "orders", BackupReason.MANUAL, null, T)))).isEmpty();
    }

    @Test
    void everySampleEventMapsWithoutError() {
        SampleEvents.all("orders").forEach(e -> rules.changes(event(e)));
    }
}
