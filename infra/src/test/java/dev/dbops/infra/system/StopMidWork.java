package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SAGA;
import static dev.dbops.infra.system.DbopsSystemIT.SOON;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.DbopsSystemIT.types;
import static dev.dbops.infra.system.EventLog.about;
import static dev.dbops.infra.system.EventLog.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * SIGTERM, as an orchestrator stops a service, in the middle of work, both services at once: the
 * migration-service while a step waits in its lock back-off (another session holds a lock on the table),
 * the backup-service while an overwrite restore (allowed for that target) takes its safety backup (its
 * pg_dump waits for a table lock). After the restart the migration resumes and completes once, nothing
 * undone and no version applied twice; the restore has failed as interrupted and the old database is the
 * one in place, with a row written after the backup still in it. A second overwrite restore then
 * replaces it, which shows that it was the stop, not a refusal, that left it alone.
 */
final class StopMidWork {

    static final String MIGRATION_TARGET = "termmig";
    static final String RESTORE_TARGET = "termrestore";
    private static final Duration STOP = Duration.ofSeconds(45);

    private final Stack stack;

    StopMidWork(Stack stack) {
        this.stack = stack;
    }

    static void register(Stack stack) {
        stack.target(MIGRATION_TARGET, "blocked").target(RESTORE_TARGET, null).allowOverwrite(RESTORE_TARGET);
    }

    void run() throws SQLException {
        EventLog log = stack.log;
        Postgres pg = stack.shared;
        String migrationDb = stack.database(MIGRATION_TARGET);
        String restoreDb = stack.database(RESTORE_TARGET);
        ServiceProcess migration = stack.get("migration-service-a");
        ServiceProcess backup = stack.get("backup-service-a");

        String backupRequest = stack.producer.requestBackup(RESTORE_TARGET);
        Event backupCompleted = log.awaitOne("BackupCompleted " + backupRequest, SAGA,
                request("BackupCompleted", backupRequest));
        pg.execute(restoreDb, "INSERT INTO app.seed VALUES (1001, 'written after the backup')");
        String oid = oid(pg, restoreDb);

        String r;
        String restore;
        try (Connection migrationBlocker = pg.connect(migrationDb); Connection dumpBlocker = pg.connect(restoreDb)) {
            migrationBlocker.setAutoCommit(false);
            migrationBlocker.createStatement().execute("LOCK TABLE app.seed IN ACCESS SHARE MODE");
            dumpBlocker.setAutoCommit(false);
            dumpBlocker.createStatement().execute("LOCK TABLE app.seed IN ACCESS EXCLUSIVE MODE");

            r = stack.producer.requestMigration(MIGRATION_TARGET, null, false);
            restore = stack.producer.requestRestore(RESTORE_TARGET, backupCompleted.field("backupId"), restoreDb, true);
            log.awaitOne("MigrationStarted " + r, SOON, request("MigrationStarted", r));
            Stacks.await("the migration of " + MIGRATION_TARGET + " waits in its lock back-off", SOON,
                    () -> migration.logLines("on target " + MIGRATION_TARGET + ": lock not granted") > 0);
            log.awaitOne("BackupStarted of the safety backup", SOON, request("BackupStarted", "safety-" + restore));
            Stacks.await("the safety backup waits for the table lock on " + RESTORE_TARGET, SOON,
                    () -> !pg.query("postgres", "SELECT pid FROM pg_stat_activity WHERE datname = '" + restoreDb
                            + "' AND wait_event_type = 'Lock'").isEmpty());

            List.of(migration, backup).parallelStream().forEach(p -> p.terminate(STOP));
            migrationBlocker.rollback();
            dumpBlocker.rollback();
        }
        List.of(migration, backup).forEach(ServiceProcess::start);
        List.of(migration, backup).forEach(p -> p.awaitHealthy(Duration.ofMinutes(4)));

        // the migration: resumed, completed once, each version applied once, nothing undone
        Event completed = log.awaitOne("MigrationCompleted " + r, SAGA, request("MigrationCompleted", r));
        assertThat(pg.query(migrationDb, "SELECT version || ' ' || success FROM flyway_schema_history "
                + "ORDER BY installed_rank")).as("history of " + MIGRATION_TARGET).containsExactly("1 true", "2 true");
        assertThat(log.all(e -> (e.is("MigrationFailed") || e.is("MigrationRolledBack"))
                && r.equals(e.field("requestId")))).as("failed or undone on the way down").isEmpty();

        // the restore: failed as interrupted, the old database in place
        Event restoreOutcome = log.awaitOne("RestoreFailed " + restore, SAGA,
                e -> (e.is("RestoreFailed") || e.is("RestoreCompleted")) && restore.equals(e.field("requestId")));
        assertThat(restoreOutcome.type()).isEqualTo(EventLog.type("RestoreFailed"));
        assertThat(restoreOutcome.field("cause")).contains("interrupted");
        Event safety = log.awaitOne("the end of the safety backup", SAGA, e -> (e.is("BackupCompleted")
                || e.is("BackupFailed")) && ("safety-" + restore).equals(e.field("requestId")));
        assertThat(pg.count(restoreDb, "app.seed")).as("rows of " + restoreDb + ", the row written after the backup "
                + "included").isEqualTo(1001);
        assertThat(oid(pg, restoreDb)).as("the database named " + restoreDb + " is the one that was there").isEqualTo(oid);

        // the same restore, not stopped, does replace it
        String again = stack.producer.requestRestore(RESTORE_TARGET, backupCompleted.field("backupId"), restoreDb, true);
        Event replaced = log.awaitOne("RestoreCompleted " + again, SAGA, request("RestoreCompleted", again));
        assertThat(pg.count(restoreDb, "app.seed")).as("rows of " + restoreDb + " after the restore").isEqualTo(1000);
        System.out.printf("SYSTEST sigterm-mid-work migration=%s restore=%s (%s) then restore=%s%n", completed.type(),
                restoreOutcome.type(), restoreOutcome.field("cause"), replaced.type());

        Tally tally = new Tally("sigterm-mid-work").expectEvent(completed).expectEvent(restoreOutcome)
                .expectEvent(safety).expectEvent(replaced).expectEvent(backupCompleted)
                .expectEvents(log.all(e -> e.is("MigrationPlanned") && r.equals(e.field("requestId"))))
                .expectEvents(log.all(e -> e.is("MigrationStarted") && r.equals(e.field("requestId"))));
        settle();
        tally.observeEvents(log.all(about(MIGRATION_TARGET).and(types("MigrationPlanned", "MigrationStarted",
                "MigrationCompleted", "MigrationFailed", "MigrationRolledBack"))))
                .observeEvents(log.all(about(RESTORE_TARGET).and(types("RestoreCompleted", "RestoreFailed"))))
                .observeEvents(log.all(about(RESTORE_TARGET).and(e -> (e.is("BackupCompleted") || e.is("BackupFailed"))
                        && List.of(backupRequest, "safety-" + restore).contains(e.field("requestId")))));
        tally.verify();
    }

    private static String oid(Postgres pg, String database) {
        return pg.query("postgres", "SELECT oid FROM pg_database WHERE datname = '" + database + "'").get(0);
    }
}
