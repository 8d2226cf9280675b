package dev.dbops.common.event;

import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.event.MigrationPlanned.Finding;
import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.common.event.MigrationPlanned.PlannedStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in example of every event type, optional fields set, for contract and round-trip tests. */
public final class SampleEvents {

    private static final Instant T = Instant.parse("2026-11-21T10:15:30.123Z");

    private SampleEvents() {
    }

    public static List<DbopsEvent> all(String target) {
        return List.of(
                new MigrationRequested("req-1", target, "3", true, true, "deploy-bot", "release 42", false),
                new RollbackRequested("req-2", target, "2", "ops@example.com", "bad release"),
                new MigrationPlanned("req-1", target, "2", "3",
                        List.of(new PlannedStep("3", "add index", "versioned", 123456, false,
                                List.of(new ObservedLock(1, "public.orders", "ShareUpdateExclusiveLock", false, 1_000_000L)))),
                        List.of(new Finding("index-not-concurrent", Severity.CRITICAL, "3", "V3__add_index.sql", 1,
                                "CREATE INDEX blocks writes", "CREATE INDEX CONCURRENTLY", true, Evidence.BOTH)),
                        true, true, T, new MigrationPlanned.Rehearsal(true, false, "undo does not restore the schema",
                                List.of("after undo: + CREATE INDEX orders_customer ON public.orders (customer_id);"))),
                new MigrationStarted("req-1", target, "bk-1", "2", "3", List.of("3"), T),
                new MigrationCompleted("req-1", target, List.of(new AppliedStep("3", "add index", 812, 1)), "3", 900, T),
                new MigrationFailed("req-1", target, "lock-timeout", "3", "55P03", "lock timeout after 5 attempts",
                        "at version 2; version 3 rolled back", List.of(), T),
                new MigrationRolledBack("req-2", target, "3", "2", List.of("3"), false, 120, T),
                new BackupRequested("req-1", target, BackupReason.PRE_MIGRATION, "migration-service"),
                new RestoreRequested("req-3", target, "bk-1", "orders_restore", List.of("public.orders"),
                        List.of("public"), false, false, "ops@example.com"),
                new BackupStarted("bk-1", target, BackupReason.MANUAL, "req-1", T),
                new BackupProgress("bk-1", target, "req-1", 20_000_000, 900_000_000L, 2_300_000_000L, 4_000_000, 7L,
                        5000, T),
                new BackupCompleted("bk-1", target, BackupReason.MANUAL, "req-1", 4096, "ab12", 1500,
                        "file:///var/dbops/backups/orders/bk-1", T),
                new BackupFailed("bk-1", target, BackupReason.SCHEDULED, "req-1", "pg_dump exited with 1", T),
                new BackupVerified("bk-1", target, 3, Map.of("public.orders", 1000L), 1, 1000, 2, 3200, T),
                new BackupVerificationFailed("bk-1", target, "checksum", "toc.dat: sha-256 mismatch", T),
                new BackupExpired("bk-1", target, T, T),
                new BackupExpiryRefused(target, "no verified backup would remain", List.of("bk-1"), T),
                new RestoreProgress("req-3", target, "bk-1", "orders_restore", 10_000_000, 43_000_000, 4, 2_000_000,
                        17L, 5000, T),
                new RestoreCompleted("req-3", target, "bk-1", "orders_restore", 2100, Map.of("public.orders", 1000L), 1,
                        1000, T),
                new RestoreFailed("req-3", target, "bk-1", "orders_restore", "database exists", T),
                new SlowQueryDetected(target, "-123456789", "SELECT pg_sleep($1)", 3, 1200.5, 3601.5, 1.0, T, T, 1000),
                new ThresholdBreached(target, "connections.usage", Severity.WARNING, 85.2, 80, "%", T,
                        Map.of("connections", 85, "max", 100)),
                new ThresholdResolved(target, "connections.usage", 40.1, T, T),
                new AlertNotified("dl-1", target, target + "/connections.usage", "pagerduty", "pagerduty", "firing",
                        Severity.CRITICAL, 1, T),
                new AlertDeliveryFailed("dl-1", target, target + "/connections.usage", "slack", 8, "HTTP 503",
                        "email", T));
    }
}
