package dev.dbops.infra.system;

import static dev.dbops.infra.system.EventLog.about;
import static dev.dbops.infra.system.EventLog.request;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * dbops as it runs: the broker and the four services as separate processes ({@link Stack}, started once),
 * driven from the outside through Kafka, PostgreSQL and local HTTP receivers for Slack and PagerDuty.
 * Each scenario has targets of its own, so scenarios do not see each other's events; each prints one
 * {@code SYSTEST} summary line with its counts of events and deliveries, lost and duplicated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbopsSystemIT {

    static final Duration SOON = Duration.ofSeconds(60);
    static final Duration SAGA = Duration.ofSeconds(180);
    static final List<String> SCALE_TARGETS = IntStream.range(0, 20).mapToObj(i -> String.format("s%02d", i)).toList();

    static Stack stack;
    static EventLog log;

    @BeforeAll
    static void up() {
        stack = new Stack().target("saga", "basic").target("watch", null).target("killmig", "slow")
                .target("killbak", null).target("killalert", null).target("broker", "basic")
                .target("poison", "basic").target(PlatformOutage.TARGET, "basic").target(ForgedFacts.TARGET, null)
                .target(DashboardMetrics.TARGET, "basic");
        stack.target("down", stack.own.server, null);
        RestoreRefusals.register(stack);
        StopMidWork.register(stack);
        stack.target(AbsurdRetryAfter.TARGET, null).target(OversizedEvent.TARGET, null);
        SCALE_TARGETS.forEach(t -> stack.target(t, "basic"));
        stack.start();
        log = stack.log;
    }

    @AfterAll
    static void down() {
        if (stack != null) {
            stack.close();
        }
    }

    // ------------------------------------------------------------------------------------- scenarios

    @Test
    @Order(1)
    void preMigrationSagaEndToEnd() {
        String target = "saga";
        String r = stack.producer.requestMigration(target, null, true);
        Saga saga = awaitSaga(target, r);

        // causal order, by the events' own times
        assertThat(time(saga.backupRequested)).isBeforeOrEqualTo(time(saga.backupCompleted));
        assertThat(time(saga.backupCompleted)).isBeforeOrEqualTo(time(saga.started));
        assertThat(time(saga.started)).isBeforeOrEqualTo(time(saga.completed));
        assertThat(saga.backupCompleted.headers().get("ce_correlationid")).isEqualTo(r);
        assertThat(saga.started.field("backupId")).isEqualTo(saga.backupCompleted.field("backupId"));
        Event verified = log.awaitOne("BackupVerified of the pre-migration backup", SAGA,
                e -> e.is("BackupVerified") && e.field("backupId").equals(saga.backupCompleted.field("backupId")));
        assertThat(stack.server(target).query(stack.database(target),
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2");

        // the monitor saw the saga's backup and kept polling the target through the migration
        Stacks.await("monitor-service knows the pre-migration backup of " + target, SOON, () -> {
            JsonNode status = stack.get(stack.get("monitor-service-a"), "/api/targets/" + target);
            return status.path("reachable").asBoolean() && !status.path("lastBackupCompletedAt").isNull()
                    && Instant.parse(status.path("lastBackupCompletedAt").asString())
                            .equals(Instant.parse(saga.backupCompleted.field("completedAt")));
        });

        Tally tally = new Tally("pre-migration-saga").expectEvents(saga.all()).expectEvent(verified);
        expectMigrationNotices(tally, target);
        settle();
        tally.observeEvents(log.all(about(target).and(types("MigrationPlanned", "MigrationStarted",
                "MigrationCompleted", "MigrationFailed", "BackupRequested", "BackupStarted", "BackupCompleted",
                "BackupFailed", "BackupVerified"))));
        observeDeliveries(tally, target);
        tally.verify();
    }

    @Test
    @Order(2)
    void slowQueryAndLockWaitAreNotifiedAndResolved() throws Exception {
        String target = "watch";
        Postgres pg = stack.server(target);
        String db = stack.database(target);
        pg.execute(db, "SELECT pg_sleep(0.7)", "SELECT pg_sleep(0.7)");
        Event slow = log.awaitOne("SlowQueryDetected for " + target, SOON, about(target).and(e -> e.is("SlowQueryDetected")));

        // a session holds an exclusive lock, another waits for it
        try (Connection holder = pg.connect(db); Connection waiter = pg.connect(db)) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE app.seed IN ACCESS EXCLUSIVE MODE");
            Statement blocked = waiter.createStatement();
            CompletableFuture<Void> wait = CompletableFuture.runAsync(() -> {
                try {
                    blocked.execute("SELECT count(*) FROM app.seed");
                } catch (java.sql.SQLException cancelled) {
                    // cancelled below: a cancelled statement leaves no trace in pg_stat_statements
                }
            });
            Event breached = log.awaitOne("ThresholdBreached sessions.blocked critical for " + target, SOON,
                    about(target).and(e -> e.is("ThresholdBreached") && e.field("rule").equals("sessions.blocked")
                            && e.field("severity").equals("critical")));
            awaitDelivery(stack.pagerDuty, "trigger " + target + "/sessions.blocked");
            awaitDelivery(stack.slack, "FIRING critical · " + target + " · sessions.blocked");
            blocked.cancel();
            wait.join();
            holder.rollback();
            Event resolved = log.awaitOne("ThresholdResolved sessions.blocked for " + target, SOON,
                    about(target).and(e -> e.is("ThresholdResolved") && e.field("rule").equals("sessions.blocked")));
            awaitDelivery(stack.pagerDuty, "resolve " + target + "/sessions.blocked");
            awaitDelivery(stack.slack, "RESOLVED critical · " + target + " · sessions.blocked");
            String slowKey = awaitDeliveryLike(stack.slack, "FIRING warning · " + target + " · slow");

            Tally tally = new Tally("slow-query-lock-wait").expectEvent(slow).expectEvent(breached).expectEvent(resolved)
                    .expectDelivery("pagerduty", "trigger " + target + "/sessions.blocked")
                    .expectDelivery("pagerduty", "resolve " + target + "/sessions.blocked")
                    .expectDelivery("slack", "FIRING critical · " + target + " · sessions.blocked")
                    .expectDelivery("slack", "RESOLVED critical · " + target + " · sessions.blocked")
                    .expectDelivery("slack", slowKey);
            settle();
            tally.observeEvents(log.all(about(target).and(types("SlowQueryDetected", "ThresholdBreached",
                    "ThresholdResolved"))));
            observeDeliveries(tally, target);
            tally.verify();
        }
    }

    @Test
    @Order(3)
    void killMigrationServiceMidMigration() {
        String target = "killmig";
        ServiceProcess migration = stack.get("migration-service-a");
        String r = stack.producer.requestMigration(target, null, false);
        Event started = log.awaitOne("MigrationStarted " + r, SOON, request("MigrationStarted", r));
        Postgres pg = stack.server(target);
        String db = stack.database(target);
        Stacks.await("the slow step runs on " + target, SOON, () -> !pg.query("postgres",
                "SELECT pid FROM pg_stat_activity WHERE datname = '" + db + "' AND state = 'active' "
                        + "AND query LIKE '%pg_sleep(6)%'").isEmpty());
        migration.kill9();
        stack.restart(migration);

        List<Event> outcome = log.await("MigrationCompleted or MigrationFailed " + r, 1, SAGA,
                e -> (e.is("MigrationCompleted") || e.is("MigrationFailed")) && r.equals(e.field("requestId")));
        if (outcome.get(0).is("MigrationCompleted")) {
            // every version applied once, none twice
            assertThat(pg.query(db, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                    .containsExactly("1", "2", "3");
        } else {
            assertThat(outcome.get(0).field("targetState")).as("a failed request says where the target is").isNotEmpty();
        }
        Tally tally = new Tally("kill-9-migration").expectEvent(started).expectEvent(outcome.get(0))
                .expectEvent(log.awaitOne("MigrationPlanned", SOON, request("MigrationPlanned", r)));
        expectMigrationNotices(tally, target);
        settle();
        tally.observeEvents(log.all(about(target).and(types("MigrationPlanned", "MigrationStarted",
                "MigrationCompleted", "MigrationFailed"))));
        observeDeliveries(tally, target);
        tally.verify();
    }

    @Test
    @Order(4)
    void killBackupServiceMidBackup() throws Exception {
        String target = "killbak";
        ServiceProcess backup = stack.get("backup-service-a");
        Postgres pg = stack.server(target);
        String db = stack.database(target);
        String r;
        // an exclusive lock on a table keeps the backup in the middle of its dump until we let go
        try (Connection holder = pg.connect(db)) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE app.seed IN ACCESS EXCLUSIVE MODE");
            r = stack.producer.requestBackup(target);
            log.awaitOne("BackupStarted " + r, SOON, request("BackupStarted", r));
            Stacks.await("the backup waits for the table lock on " + target, SOON, () -> !pg.query("postgres",
                    "SELECT pid FROM pg_stat_activity WHERE datname = '" + db + "' AND wait_event_type = 'Lock'").isEmpty());
            backup.kill9();
            holder.rollback();
        }
        stack.restart(backup);
        Event outcome = log.awaitOne("BackupCompleted or BackupFailed " + r, SAGA,
                e -> (e.is("BackupCompleted") || e.is("BackupFailed")) && r.equals(e.field("requestId")));
        // the target is usable again: the next backup completes and is proven
        String r2 = stack.producer.requestBackup(target);
        Event completed = log.awaitOne("BackupCompleted " + r2, SAGA, request("BackupCompleted", r2));
        Event verified = log.awaitOne("BackupVerified of " + r2, SAGA,
                e -> e.is("BackupVerified") && e.field("backupId").equals(completed.field("backupId")));

        Tally tally = new Tally("kill-9-backup").expectEvent(outcome).expectEvent(completed).expectEvent(verified)
                .expectEvents(log.all(e -> e.is("BackupStarted") && Set.of(r, r2).contains(e.field("requestId"))));
        if (outcome.is("BackupFailed")) {
            // a failed backup pages; the next completed one resolves it
            for (String key : List.of("trigger " + target + "/backup.failed", "resolve " + target + "/backup.failed")) {
                tally.expectDelivery("pagerduty", awaitDelivery(stack.pagerDuty, key));
            }
            for (String status : List.of("FIRING", "RESOLVED")) {
                tally.expectDelivery("slack", awaitDelivery(stack.slack, status + " critical · " + target + " · backup.failed"));
            }
        }
        settle();
        tally.observeEvents(log.all(about(target).and(types("BackupStarted", "BackupCompleted", "BackupFailed",
                "BackupVerified"))));
        observeDeliveries(tally, target);
        tally.verify();
    }

    @Test
    @Order(5)
    void killAlertServiceBetweenConsumingAndDelivering() {
        String target = "killalert";
        String rule = "systest.replication.lag";
        ServiceProcess alert = stack.get("alert-service-a");
        // the receivers are down: the alert is consumed and its deliveries attempted, none accepted
        stack.slack.refuse(key -> key.contains(target));
        stack.pagerDuty.refuse(key -> key.contains(target));
        Instant since = Instant.now();
        String breach = stack.producer.send(MONITOR_EVENTS, target, "ThresholdBreached", """
                {"target":"%s","rule":"%s","severity":"critical","value":42.5,"threshold":10,"unit":"s",\
                "since":"%s","details":{}}""".formatted(target, rule, since));
        Stacks.await("alert-service tried both receivers", SOON,
                () -> !stack.slack.all(target).isEmpty() && !stack.pagerDuty.all(target).isEmpty());
        alert.kill9();
        stack.slack.refuse(key -> false);
        stack.pagerDuty.refuse(key -> false);
        stack.restart(alert);
        String trigger = awaitDelivery(stack.pagerDuty, "trigger " + target + "/" + rule);
        String firing = awaitDelivery(stack.slack, "FIRING critical · " + target + " · " + rule);
        String resolvedId = stack.producer.send(MONITOR_EVENTS, target, "ThresholdResolved", """
                {"target":"%s","rule":"%s","value":0.4,"breachedAt":"%s","resolvedAt":"%s"}"""
                .formatted(target, rule, since, Instant.now()));
        String resolve = awaitDelivery(stack.pagerDuty, "resolve " + target + "/" + rule);
        String resolved = awaitDelivery(stack.slack, "RESOLVED critical · " + target + " · " + rule);
        List<Event> notified = log.await("AlertNotified x4 for " + target, 4, SOON,
                about(target).and(e -> e.is("AlertNotified")));

        Tally tally = new Tally("kill-9-alert").expectEvents(notified)
                .expectEvents(log.all(e -> Set.of(breach, resolvedId).contains(e.id())))
                .expectDelivery("pagerduty", trigger).expectDelivery("pagerduty", resolve)
                .expectDelivery("slack", firing).expectDelivery("slack", resolved);
        settle();
        tally.observeEvents(log.all(about(target).and(types("ThresholdBreached", "ThresholdResolved"))));
        observeDeliveries(tally, target);
        tally.verify();
    }

    @Test
    @Order(6)
    void brokerDownForThirtySecondsMidSaga() {
        String target = "broker";
        String r = stack.producer.requestMigration(target, null, true);
        log.awaitOne("BackupRequested for " + r, SOON,
                e -> e.is("BackupRequested") && r.equals(e.headers().get("ce_correlationid")));
        stack.stopBroker();
        Stacks.sleep(30_000);
        stack.startBroker();
        Saga saga = awaitSaga(target, r);
        for (ServiceProcess p : stack.instances.values()) {
            Stacks.await(p.name() + " UP again after the broker's restart", SOON, p::healthy);
        }
        Stacks.await("monitor-service consumes again after the broker's restart", SOON, () -> {
            JsonNode status = stack.get(stack.get("monitor-service-a"), "/api/targets/" + target);
            return !status.path("lastBackupCompletedAt").isNull();
        });
        // the team's notice: the start and the end were read together after the outage when the backup
        // outlasted the broker's downtime, so the notice may come only once, as started-and-finished
        String noticeEnd = awaitDelivery(stack.slack, "RESOLVED info · " + target + " · migration.running");
        String noticeStart = "FIRING info · " + target + " · migration.running";
        String rule = "systest.after-outage";
        stack.producer.send(MONITOR_EVENTS, target, "ThresholdBreached", """
                {"target":"%s","rule":"%s","severity":"critical","value":1,"threshold":0,"unit":"x",\
                "since":"%s","details":{}}""".formatted(target, rule, Instant.now()));

        Tally tally = new Tally("broker-down-30s").expectEvents(saga.all()).expectDelivery("slack", noticeEnd)
                .expectDelivery("pagerduty", awaitDelivery(stack.pagerDuty, "trigger " + target + "/" + rule))
                .expectDelivery("slack", awaitDelivery(stack.slack, "FIRING critical · " + target + " · " + rule));
        settle();
        if (stack.slack.accepted(noticeStart).stream().anyMatch(d -> d.key().equals(noticeStart))) {
            tally.expectDelivery("slack", noticeStart);
        }
        tally.observeEvents(log.all(about(target).and(types("MigrationPlanned", "MigrationStarted",
                "MigrationCompleted", "MigrationFailed", "BackupRequested", "BackupStarted", "BackupCompleted",
                "BackupFailed"))));
        observeDeliveries(tally, target);
        tally.verify();
    }

    @Test
    @Order(7)
    void aStoppedTargetBreachesAloneAndResolvesWhenBack() {
        String target = "down";
        Predicate<Event> reachability = e -> e.field("rule").equals("target.reachable");
        int othersBefore = log.all(reachability.and(e -> !target.equals(e.key()))).size();
        stack.own.stop();
        Event breached = log.awaitOne("target.reachable critical for " + target, SOON,
                about(target).and(reachability).and(e -> e.is("ThresholdBreached") && e.field("severity").equals("critical")));
        String trigger = awaitDelivery(stack.pagerDuty, "trigger " + target + "/target.reachable");
        String firing = awaitDelivery(stack.slack, "FIRING critical · " + target + " · target.reachable");
        // the other targets are polled as before
        for (JsonNode summary : stack.get(stack.get("monitor-service-a"), "/api/targets")) {
            if (!summary.path("target").asString().equals(target)) {
                assertThat(summary.path("reachable").asBoolean()).as("%s reachable", summary).isTrue();
            }
        }
        stack.own.start();
        Event resolved = log.awaitOne("target.reachable resolved for " + target, SOON,
                about(target).and(reachability).and(e -> e.is("ThresholdResolved")));
        String resolve = awaitDelivery(stack.pagerDuty, "resolve " + target + "/target.reachable");
        String resolvedSlack = awaitDelivery(stack.slack, "RESOLVED critical · " + target + " · target.reachable");
        assertThat(log.all(reachability.and(e -> !target.equals(e.key()))))
                .as("no other target breached target.reachable").hasSize(othersBefore);

        Tally tally = new Tally("target-down").expectEvent(breached).expectEvent(resolved)
                .expectDelivery("pagerduty", trigger).expectDelivery("pagerduty", resolve)
                .expectDelivery("slack", firing).expectDelivery("slack", resolvedSlack);
        settle();
        tally.observeEvents(log.all(about(target).and(reachability)));
        observeDeliveries(tally, target);
        tally.verify();
    }

    @Test
    @Order(8)
    void poisonRecordsAreDeadLetteredAndPartitionsKeepFlowing() {
        new PoisonRecords(stack).run();
    }

    @Test
    @Order(9)
    void restoresOverLiveDatabasesAreRefused() {
        new RestoreRefusals(stack).run();
    }

    @Test
    @Order(10)
    void sigtermMidWorkResumesTheMigrationAndLeavesTheOldDatabase() throws Exception {
        new StopMidWork(stack).run();
    }

    @Test
    @Order(11)
    void absurdRetryAfterHoldsBackNoOneAndIsCapped() {
        new AbsurdRetryAfter(stack).run();
    }

    @Test
    @Order(12)
    void anOversizedEventIsParkedAndTheOnesBehindItFlow() throws Exception {
        new OversizedEvent(stack).run();
    }

    @Test
    @Order(14)
    void twoInstancesOfEachServiceShareTheWorkAndTakeOverFromEachOther() {
        new ScaleOut(stack, SCALE_TARGETS).run();
    }

    @Test
    @Order(15)
    void forgedFactsAreDeadLetteredAndPageNoOne() {
        new ForgedFacts(stack).run();
    }

    @Test
    @Order(16)
    void platformDatabaseDownForThreeMinutesLosesNothing() {
        new PlatformOutage(stack).run();
    }

    /** Before scale-out, which kills the first instances it scrapes and leaves some of them down. */
    @Test
    @Order(13)
    void everyMetricTheDashboardQueriesIsExported() {
        new DashboardMetrics(stack).run();
    }

    // ------------------------------------------------------------------------------------- helpers

    /** The events of one pre-migration saga, awaited in their order. */
    record Saga(Event planned, Event backupRequested, Event backupStarted, Event backupCompleted, Event started,
            Event completed) {

        List<Event> all() {
            return List.of(planned, backupRequested, backupStarted, backupCompleted, started, completed);
        }
    }

    static Saga awaitSaga(String target, String r) {
        Event completed = log.awaitOne("MigrationCompleted " + r, SAGA, request("MigrationCompleted", r));
        Event backupRequested = log.awaitOne("BackupRequested for " + r, SOON,
                e -> e.is("BackupRequested") && r.equals(e.headers().get("ce_correlationid")));
        String backupRequest = backupRequested.field("requestId");
        return new Saga(log.awaitOne("MigrationPlanned " + r, SOON, request("MigrationPlanned", r)), backupRequested,
                log.awaitOne("BackupStarted " + backupRequest, SOON, request("BackupStarted", backupRequest)),
                log.awaitOne("BackupCompleted " + backupRequest, SOON, request("BackupCompleted", backupRequest)),
                log.awaitOne("MigrationStarted " + r, SOON, request("MigrationStarted", r)), completed);
    }

    /** The team's notice of a migration: Slack, info, firing when it starts and resolved when it ends. */
    static void expectMigrationNotices(Tally tally, String target) {
        for (String status : List.of("FIRING", "RESOLVED")) {
            tally.expectDelivery("slack", awaitDelivery(stack.slack, status + " info · " + target + " · migration.running"));
        }
    }

    static void observeDeliveries(Tally tally, String target) {
        tally.observeDeliveries(stack.slack, stack.slack.accepted(" " + target + " "))
                .observeDeliveries(stack.pagerDuty, stack.pagerDuty.accepted(" " + target + "/"))
                .observeEvents(log.all(about(target).and(e -> e.is("AlertNotified"))));
        log.all(about(target).and(e -> e.is("AlertNotified"))).forEach(tally::expectEvent);
    }

    /** Waits for an accepted delivery with exactly this key; returns the key. */
    static String awaitDelivery(Receiver receiver, String key) {
        Stacks.await(receiver.name + " accepted '" + key + "'", SOON,
                () -> receiver.accepted(key).stream().anyMatch(r -> r.key().equals(key)));
        return key;
    }

    static String awaitDeliveryLike(Receiver receiver, String prefix) {
        Stacks.await(receiver.name + " accepted '" + prefix + "...'", SOON,
                () -> receiver.accepted(prefix).stream().anyMatch(r -> r.key().startsWith(prefix)));
        return receiver.accepted(prefix).stream().filter(r -> r.key().startsWith(prefix)).findFirst().orElseThrow().key();
    }

    static Predicate<Event> types(String... names) {
        Set<String> types = Arrays.stream(names).map(EventLog::type).collect(Collectors.toSet());
        return e -> types.contains(e.type());
    }

    static Instant time(Event e) {
        return Instant.parse(e.headers().get("ce_time"));
    }

    /** Time for a duplicate, if any, to show up before counting (not an assertion on time). */
    static void settle() {
        Stacks.sleep(3000);
    }
}
