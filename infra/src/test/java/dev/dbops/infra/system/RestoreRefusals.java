package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SAGA;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.DbopsSystemIT.types;
import static dev.dbops.infra.system.EventLog.about;
import static dev.dbops.infra.system.EventLog.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores aimed at databases no restore may write: the target's own (overwrite asked, not allowed by its
 * configuration), another registered target's, and the platform database, the target's server named
 * {@code localhost} where the platform's URL says {@code 127.0.0.1}. Each ends in RestoreFailed naming the
 * reason, and the rows of those databases are as before.
 */
final class RestoreRefusals {

    static final String TARGET = "refuse";
    static final String NEIGHBOUR = "neighbour";

    private final Stack stack;

    RestoreRefusals(Stack stack) {
        this.stack = stack;
    }

    /** Registers the scenario's targets: its own on the project cluster by an alias, and a neighbour. */
    static void register(Stack stack) {
        stack.target(TARGET, null).alias(TARGET, "localhost").target(NEIGHBOUR, null);
    }

    void run() {
        EventLog log = stack.log;
        Postgres pg = stack.shared;
        String own = stack.database(TARGET);
        String neighbour = stack.database(NEIGHBOUR);
        String platform = stack.prefix + "_platform";
        String r = stack.producer.requestBackup(TARGET);
        Event completed = log.awaitOne("BackupCompleted " + r, SAGA, request("BackupCompleted", r));
        String backupId = completed.field("backupId");

        Map<String, Long> before = rows(pg, own, neighbour, platform);
        List<String> databasesBefore = databases(pg);
        // database asked for -> what the refusal must say
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(own, "restore.allow-overwrite is false");
        refusals.put(neighbour, "is the database of target " + NEIGHBOUR);
        refusals.put(platform, "is the dbops platform database");
        Map<String, String> requests = new LinkedHashMap<>();
        refusals.keySet().forEach(db -> requests.put(db, stack.producer.requestRestore(TARGET, backupId, db, true)));

        Tally tally = new Tally("restore-refusals").expectEvent(completed)
                .expectEvent(log.awaitOne("BackupStarted " + r, SAGA, request("BackupStarted", r)));
        requests.forEach((db, restore) -> {
            Event failed = log.awaitOne("RestoreFailed " + restore + " (into " + db + ")", SAGA,
                    e -> (e.is("RestoreFailed") || e.is("RestoreCompleted")) && restore.equals(e.field("requestId")));
            assertThat(failed.type()).as("restore into %s", db).isEqualTo(EventLog.type("RestoreFailed"));
            assertThat(failed.field("cause")).as("why the restore into %s was refused", db).contains(refusals.get(db));
            tally.expectEvent(failed);
        });
        settle();
        assertThat(rows(pg, own, neighbour, platform)).as("rows of the databases aimed at").isEqualTo(before);
        assertThat(databases(pg)).as("this run's databases (none created, none replaced)")
                .containsExactlyInAnyOrderElementsOf(databasesBefore);
        tally.observeEvents(log.all(about(TARGET).and(types("BackupStarted", "BackupCompleted", "BackupFailed",
                "RestoreCompleted", "RestoreFailed"))));
        tally.verify();
    }

    /** The seeded table of each target database, and the backup-service's schema history in the platform's. */
    private static Map<String, Long> rows(Postgres pg, String own, String neighbour, String platform) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put(own + ".app.seed", pg.count(own, "app.seed"));
        rows.put(neighbour + ".app.seed", pg.count(neighbour, "app.seed"));
        rows.put(platform + ".backup.flyway_schema_history", pg.count(platform, "backup.flyway_schema_history"));
        return rows;
    }

    /**
     * This run's databases, name and oid (a database replaced under the same name has another oid); not the
     * others on the cluster, which other builds' tests use at the same time.
     */
    private List<String> databases(Postgres pg) {
        return pg.query("postgres", "SELECT datname || ' ' || oid FROM pg_database WHERE datname LIKE '"
                + stack.prefix + "%'");
    }
}
