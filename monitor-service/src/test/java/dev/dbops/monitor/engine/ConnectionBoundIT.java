package dev.dbops.monitor.engine;

import static dev.dbops.common.testing.TopicProbe.header;
import static dev.dbops.monitor.MonitorEvents.BREACHED;
import static dev.dbops.monitor.MonitorEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import dev.dbops.monitor.breaches.BreachLedger;
import dev.dbops.monitor.status.StatusBoard;
import dev.dbops.monitor.status.TargetStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Thirty databases on one server with {@code connections-per-server: 3}: the server never sees more than three
 * monitor connections at once (pg_stat_activity, sampled all along), every target is polled, none is reported
 * down. A target whose role the server refuses for lack of connection slots (a role with CONNECTION LIMIT 0
 * gets the same SQLSTATE 53300 as a full server) is a poll without a connection, metered, never a breach.
 */
@SpringBootTest
@DirtiesContext
class ConnectionBoundIT {

    static final int FLEET = 30;
    static final int BOUND = 3;
    static final String CROWDED_ROLE = "dbops_test_monitor_crowded_"
            + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    static final List<TestDatabase> fleet = new ArrayList<>();

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("monitor_bound");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.ensureCluster();
        platform.registerAsPlatform(registry);
        for (int i = 0; i < FLEET; i++) {
            TestDatabase db = new TestDatabase("monitor_bound_" + i);
            db.create();
            fleet.add(db);
            db.registerAsTarget(registry, "db" + i);
        }
        TestPostgres.execute("postgres", "CREATE ROLE " + CROWDED_ROLE + " LOGIN CONNECTION LIMIT 0");
        registry.add("dbops.targets.crowded.url", () -> fleet.get(0).url());
        registry.add("dbops.targets.crowded.username", () -> CROWDED_ROLE);
        TestKafka.register(registry, "ConnectionBoundIT");
        registry.add("dbops.monitor.poll.interval", () -> "3s");
        registry.add("dbops.monitor.poll.connections-per-server", () -> Integer.toString(BOUND));
        registry.add("dbops.monitor.rules.breach-after", () -> "1");
    }

    @AfterAll
    static void dropFleet() {
        fleet.forEach(TestDatabase::drop);
        TestPostgres.execute("postgres", "DROP ROLE IF EXISTS " + CROWDED_ROLE);
    }

    @Autowired
    TopicNames topics;

    @Autowired
    StatusBoard board;

    @Autowired
    PollScheduler scheduler;

    @Autowired
    BreachLedger ledger;

    @Autowired
    MeterRegistry meters;

    @Test
    void neverMoreConnectionsThanTheBoundAndNoTargetDown() throws Exception {
        int most = 0;
        long samples = 0;
        try (TopicProbe events = new TopicProbe(topics.monitorEvents());
                Connection observer = TestPostgres.connect("postgres");
                PreparedStatement monitorSessions = observer.prepareStatement("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE application_name = 'dbops-monitor' AND datname = ANY (?)""")) {
            Array names = observer.createArrayOf("text", fleet.stream().map(TestDatabase::name).toArray());
            monitorSessions.setArray(1, names);
            // Five intervals: every target polled several times, each poll on a connection of the bound.
            long end = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < end) {
                try (ResultSet rs = monitorSessions.executeQuery()) {
                    rs.next();
                    most = Math.max(most, rs.getInt(1));
                    samples++;
                }
                Thread.sleep(10);
            }
            assertThat(most).as("most monitor connections at once in %d samples", samples)
                    .isPositive().isLessThanOrEqualTo(BOUND);
            for (int i = 0; i < FLEET; i++) {
                TargetStatus status = board.get("db" + i).orElseThrow();
                assertThat(status.lastPoll()).as("db%d polled", i).isNotNull();
                assertThat(status.reachable()).as("db%d reachable", i).isTrue();
            }
            assertThat(scheduler.stats().pollsWithoutConnection()).as("polls of the crowded target").isPositive();
            assertThat(meters.get("dbops.monitor.polls").tag("target", "crowded").tag("outcome", "no-connection")
                    .counter().count()).isPositive();
            assertThat(meters.get("dbops.monitor.polls").tag("target", "crowded").tag("outcome", "unreachable")
                    .counter().count()).isZero();
            assertThat(ledger.openSeverities("crowded")).isEmpty();
            assertThat(events.drain(Duration.ofSeconds(1))).as("no target down")
                    .noneMatch(r -> BREACHED.equals(header(r, "ce_type"))
                            && "target.reachable".equals(json(r).path("rule").asString()));
        }
    }
}
