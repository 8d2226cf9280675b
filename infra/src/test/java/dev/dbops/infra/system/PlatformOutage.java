package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SAGA;
import static dev.dbops.infra.system.DbopsSystemIT.SOON;
import static dev.dbops.infra.system.DbopsSystemIT.awaitDelivery;
import static dev.dbops.infra.system.DbopsSystemIT.awaitSaga;
import static dev.dbops.infra.system.DbopsSystemIT.observeDeliveries;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.DbopsSystemIT.types;
import static dev.dbops.infra.system.EventLog.about;
import static dev.dbops.infra.system.EventLog.request;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform database refuses every connection for {@code dbops.systest.outage} (3 minutes by default)
 * while a breach, backup requests and a migration request arrive: nothing is dead-lettered, each is carried
 * out exactly once after the database is back, and the page goes out.
 */
final class PlatformOutage {

    static final String TARGET = "outage";
    private static final String RULE = "systest.platform-outage";

    private final Stack stack;
    private final Duration outage = Duration.ofSeconds(Long.getLong("dbops.systest.outage", 180));

    PlatformOutage(Stack stack) {
        this.stack = stack;
    }

    void run() {
        String platform = stack.prefix + "_platform";
        Instant down = Instant.now();
        reachable(platform, false);
        List<String> backups = new ArrayList<>();
        String migration;
        String breach;
        try {
            breach = stack.producer.send(MONITOR_EVENTS, TARGET, "ThresholdBreached", """
                    {"target":"%s","rule":"%s","severity":"critical","value":1,"threshold":0,"unit":"x",\
                    "since":"%s","details":{}}""".formatted(TARGET, RULE, Instant.now()));
            backups.add(stack.producer.requestBackup(TARGET));
            Stacks.sleep(outage.toMillis() / 3);
            migration = stack.producer.requestMigration(TARGET, null, true);
            backups.add(stack.producer.requestBackup(TARGET));
            Stacks.sleep(outage.toMillis() / 3);
            backups.add(stack.producer.requestBackup(TARGET));
            Stacks.sleep(outage.toMillis() - Duration.between(down, Instant.now()).toMillis());
        } finally {
            reachable(platform, true);
        }
        Instant up = Instant.now();

        EventLog log = stack.log;
        // counted first, asserted after, so that a run of an older version prints what it lost
        List<Event> completed = log.awaitUpTo(backups.size(), SAGA,
                e -> e.is("BackupCompleted") && backups.contains(e.field("requestId")));
        List<Event> migrated = log.awaitUpTo(1, SAGA, request("MigrationCompleted", migration));
        List<Receiver.Request> paged = awaitPage();
        Instant caughtUp = Instant.now();
        List<Event> dead = log.all(e -> e.topic().endsWith("-dlt") && TARGET.equals(e.key()));
        System.out.printf("SYSTEST platform-outage outage=%ds dead-lettered=%d backups-completed=%d/%d"
                + " migrations-completed=%d/1 pages=%d/1 caught-up-after-reconnect=%ds%n", outage.toSeconds(),
                dead.size(), completed.size(), backups.size(), migrated.size(), paged.size(),
                Duration.between(up, caughtUp).toSeconds());
        assertThat(dead).as("dead letters of %s", TARGET).isEmpty();
        assertThat(completed).as("backups completed").hasSize(backups.size());
        DbopsSystemIT.Saga saga = awaitSaga(TARGET, migration);
        String page = awaitDelivery(stack.pagerDuty, "trigger " + TARGET + "/" + RULE);

        Tally tally = new Tally("platform-outage").expectEvents(completed).expectEvents(saga.all())
                .expectEvents(log.all(e -> e.id().equals(breach)))
                .expectEvents(log.all(e -> e.is("BackupRequested") && backups.contains(e.field("requestId"))))
                .expectDelivery("pagerduty", page)
                .expectDelivery("slack", awaitDelivery(stack.slack, "FIRING critical · " + TARGET + " · " + RULE));
        DbopsSystemIT.expectMigrationNotices(tally, TARGET);
        settle();
        tally.observeEvents(log.all(about(TARGET).and(types("ThresholdBreached", "BackupCompleted",
                "MigrationPlanned", "MigrationStarted", "MigrationCompleted", "MigrationFailed", "BackupRequested"))))
                .observeEvents(log.all(about(TARGET).and(e -> e.is("BackupStarted")
                        && saga.backupRequested().field("requestId").equals(e.field("requestId")))));
        observeDeliveries(tally, TARGET);
        tally.verify();
    }

    private List<Receiver.Request> awaitPage() {
        String key = "trigger " + TARGET + "/" + RULE;
        long deadline = System.nanoTime() + SOON.toNanos();
        while (stack.pagerDuty.accepted(key).isEmpty() && System.nanoTime() < deadline) {
            Stacks.sleep(200);
        }
        return stack.pagerDuty.accepted(key);
    }

    /** Refuses (and cuts) every connection to the platform database, or allows them again. */
    private void reachable(String database, boolean allowed) {
        stack.shared.execute("postgres", "ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
        if (!allowed) {
            stack.shared.execute("postgres",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        }
    }
}
