package dev.dbops.alert.intake;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.AlertChange.Changed;
import dev.dbops.alert.model.AlertChange.Fire;
import dev.dbops.alert.model.AlertChange.Resolve;
import dev.dbops.alert.model.AlertChange.WindowClose;
import dev.dbops.alert.model.AlertChange.WindowOpen;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.alert.model.AlertTexts;
import dev.dbops.alert.model.Labels;
import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.event.BackupExpired;
import dev.dbops.common.event.BackupExpiryRefused;
import dev.dbops.common.event.BackupFailed;
import dev.dbops.common.event.BackupVerificationFailed;
import dev.dbops.common.event.BackupVerified;
import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.MigrationCompleted;
import dev.dbops.common.event.MigrationFailed;
import dev.dbops.common.event.MigrationRolledBack;
import dev.dbops.common.event.MigrationStarted;
import dev.dbops.common.event.Severity;
import dev.dbops.common.event.SlowQueryDetected;
import dev.dbops.common.event.ThresholdBreached;
import dev.dbops.common.event.ThresholdResolved;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which events fire and resolve which alerts: pure, so the whole mapping is unit-tested. Each alert's
 * fingerprint is its target plus its rule (plus the query id for slow queries); its summary says
 * what happened with the numbers an on-call person needs.
 */
public final class AlertRules {

    static final String MONITOR = "monitor-service";
    static final String BACKUP = "backup-service";
    static final String MIGRATION = "migration-service";

    public static final String BACKUP_FAILED = "backup.failed";
    public static final String BACKUP_VERIFICATION = "backup.verification";
    public static final String BACKUP_RETENTION = "backup.retention";
    public static final String MIGRATION_RUNNING = "migration.running";
    public static final String MIGRATION_FAILED = "migration.failed";
    public static final String SLOW_QUERY = "slow-query";

    private final AlertSettings.Intake properties;

    public AlertRules(AlertSettings.Intake properties) {
        this.properties = properties;
    }

    /** The changes an event brings; none for events that alerting does not care about. */
    public List<AlertChange> changes(CloudEvent<?> event) {
        DbopsEvent data = event.data();
        String id = event.id();
        Instant time = event.time() != null ? event.time() : Instant.now();
        if (data instanceof ThresholdBreached e) {
            Map<String, Object> details = details("value", e.value(), "threshold", e.threshold(), "unit", e.unit(),
                    "since", e.since());
            details.putAll(e.details());
            return List.of(new Fire(alert(e.target(), e.rule(), null, "threshold", MONITOR, e.severity(),
                    e.target() + ": " + e.rule() + " is " + number(e.value()) + unit(e.unit()) + " (threshold "
                            + number(e.threshold()) + unit(e.unit()) + ") since " + e.since(),
                    null, details, e.since(), id, time)));
        }
        if (data instanceof ThresholdResolved e) {
            return List.of(new Resolve(Alert.fingerprint(e.target(), e.rule(), null), e.resolvedAt()));
        }
        if (data instanceof SlowQueryDetected e) {
            Map<String, Object> details = details("query_id", e.queryId(), "query", e.query(), "calls", e.calls(),
                    "mean_ms", e.meanMs(), "total_ms", e.totalMs(), "rows_per_call", e.rowsPerCall(),
                    "threshold_ms", e.thresholdMs(), "window_start", e.windowStart(), "window_end", e.windowEnd());
            Alert alert = alert(e.target(), SLOW_QUERY, e.queryId(), "slow-query", MONITOR, Severity.WARNING,
                    e.target() + ": query " + e.queryId() + " averaged " + number(e.meanMs()) + " ms over "
                            + e.calls() + " calls (threshold " + number(e.thresholdMs()) + " ms)",
                    AlertTexts.abbreviate(e.query(), 500), details, e.windowEnd(), id, time);
            return List.of(new Fire(alert, e.windowEnd().plus(properties.resolveTimeout())));
        }
        if (data instanceof BackupFailed e) {
            return List.of(new Fire(alert(e.target(), BACKUP_FAILED, null, "backup", BACKUP, Severity.CRITICAL,
                    e.target() + ": " + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-')
                            + " backup failed: " + e.cause(),
                    "The target has no new backup; the last good one is still kept.",
                    details("backup_id", e.backupId(), "request_id", e.requestId(), "cause", e.cause()),
                    e.failedAt(), id, time)));
        }
        if (data instanceof BackupCompleted e) {
            return List.of(new Resolve(Alert.fingerprint(e.target(), BACKUP_FAILED, null), e.completedAt()));
        }
        if (data instanceof BackupVerificationFailed e) {
            return List.of(new Fire(alert(e.target(), BACKUP_VERIFICATION, null, "backup", BACKUP, Severity.CRITICAL,
                    e.target() + ": backup " + e.backupId() + " failed its " + e.check() + " check: " + e.details(),
                    "Do not restore from this backup; take and verify a new one.",
                    details("backup_id", e.backupId(), "check", e.check()), e.failedAt(), id, time)));
        }
        if (data instanceof BackupVerified e) {
            return List.of(new Resolve(Alert.fingerprint(e.target(), BACKUP_VERIFICATION, null), e.verifiedAt()));
        }
        if (data instanceof BackupExpiryRefused e) {
            return List.of(new Fire(alert(e.target(), BACKUP_RETENTION, null, "backup", BACKUP, Severity.WARNING,
                    e.target() + ": retention kept " + e.backupIds().size() + " expired backup(s): " + e.reason(),
                    "Verify a recent backup so that retention can expire the old ones.",
                    details("backup_ids", e.backupIds()), e.refusedAt(), id, time)));
        }
        if (data instanceof BackupExpired e) {
            return List.of(new Resolve(Alert.fingerprint(e.target(), BACKUP_RETENTION, null), time));
        }
        if (data instanceof MigrationStarted e) {
            String versions = (e.fromVersion() == null ? "empty" : e.fromVersion()) + " → "
                    + (e.targetVersion() == null ? "latest" : e.targetVersion());
            return List.of(new WindowOpen(e.target(), e.requestId(), e.startedAt()),
                    new Fire(alert(e.target(), MIGRATION_RUNNING, null, "migration", MIGRATION, Severity.INFO,
                            e.target() + ": migration " + e.requestId() + " started (" + versions + ")",
                            "Lock waits and latency alerts for this target are held back while it runs.",
                            details("request_id", e.requestId(), "versions", e.versions(), "backup_id", e.backupId()),
                            e.startedAt(), id, time)));
        }
        if (data instanceof MigrationCompleted e) {
            List<String> versions = e.applied().stream().map(MigrationCompleted.AppliedStep::version).toList();
            return List.of(new WindowClose(e.target(), e.requestId(), false, e.completedAt()),
                    new Resolve(Alert.fingerprint(e.target(), MIGRATION_RUNNING, null), e.completedAt()),
                    new Resolve(Alert.fingerprint(e.target(), MIGRATION_FAILED, null), e.completedAt()),
                    new Changed(e.target(), e.target() + ": migration " + e.requestId() + " applied "
                            + (versions.isEmpty() ? "nothing" : String.join(", ", versions))
                            + (e.currentVersion() == null ? "" : " (now at version " + e.currentVersion() + ")"),
                            details("request_id", e.requestId(), "applied_versions", versions, "current_version",
                                    e.currentVersion(), "duration_ms", e.durationMs()), e.completedAt()));
        }
        if (data instanceof MigrationRolledBack e) {
            return List.of(new Changed(e.target(), e.target() + ": migration " + e.requestId() + " rolled back from "
                    + e.fromVersion() + " to " + e.toVersion() + (e.automatic() ? " (automatically)" : ""),
                    details("request_id", e.requestId(), "undone_versions", e.undoneVersions(), "from_version",
                            e.fromVersion(), "to_version", e.toVersion(), "automatic", e.automatic(), "duration_ms",
                            e.durationMs()), e.rolledBackAt()));
        }
        if (data instanceof MigrationFailed e) {
            return List.of(new WindowClose(e.target(), e.requestId(), true, e.failedAt()),
                    new Resolve(Alert.fingerprint(e.target(), MIGRATION_RUNNING, null), e.failedAt()),
                    new Fire(alert(e.target(), MIGRATION_FAILED, null, "migration", MIGRATION, Severity.CRITICAL,
                            e.target() + ": migration " + e.requestId() + " failed (" + e.cause() + ")"
                                    + (e.failedVersion() == null ? "" : " at version " + e.failedVersion())
                                    + ": " + e.message(),
                            "Target state: " + e.targetState(),
                            details("request_id", e.requestId(), "cause", e.cause(), "failed_version",
                                    e.failedVersion(), "sql_state", e.sqlState(), "applied_versions",
                                    e.appliedVersions()),
                            e.failedAt(), id, time)));
        }
        return List.of();
    }

    private Alert alert(String target, String rule, @Nullable String key, String kind, String service,
            Severity severity, String summary, @Nullable String description, Map<String, Object> details,
            Instant startsAt, String eventId, Instant eventTime) {
        Labels labels = key == null
                ? Labels.of(Labels.TARGET, target, Labels.RULE, rule, Labels.SERVICE, service, Labels.KIND, kind,
                        Labels.SEVERITY, Labels.severity(severity))
                : Labels.of(Labels.TARGET, target, Labels.RULE, rule, Labels.SERVICE, service, Labels.KIND, kind,
                        Labels.SEVERITY, Labels.severity(severity), "query_id", key);
        return new Alert(Alert.fingerprint(target, rule, key), labels, severity, Alert.Status.FIRING, summary,
                description, properties.runbookFor(rule), details, startsAt, null, eventId, eventTime);
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1] instanceof Instant t ? t.toString() : pairs[i + 1]);
            }
        }
        return map;
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String unit(String unit) {
        return unit.isEmpty() ? "" : unit.equals("%") ? "%" : " " + unit;
    }
}
