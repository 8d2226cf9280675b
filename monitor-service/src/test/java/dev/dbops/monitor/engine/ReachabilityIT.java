package dev.dbops.monitor.engine;

import static dev.dbops.monitor.MonitorEvents.BREACHED;
import static dev.dbops.monitor.MonitorEvents.RESOLVED;
import static dev.dbops.monitor.MonitorEvents.event;
import static dev.dbops.monitor.MonitorEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import dev.dbops.monitor.status.StatusBoard;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A stopped target is a critical target.reachable breach that resolves when it comes back; a target that accepts
 * connections and never answers is one too; and neither slows the polls of a healthy target.
 */
@SpringBootTest
@DirtiesContext
class ReachabilityIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("monitor_reach");

    @RegisterExtension
    static final TestDatabase healthy = new TestDatabase("monitor_reach_target");

    static final TcpProxy flaky = new TcpProxy(TestPostgres.PORT);
    static final TcpProxy blackHole = new TcpProxy(0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestPostgres.ensureCluster();
        int flakyPort = flaky.start();
        int blackHolePort = blackHole.start();
        platform.registerAsPlatform(registry);
        healthy.registerAsTarget(registry, "healthy");
        registry.add("dbops.targets.flaky.url",
                () -> "jdbc:postgresql://127.0.0.1:" + flakyPort + "/" + healthy.name());
        registry.add("dbops.targets.flaky.username", () -> TestPostgres.USER);
        registry.add("dbops.targets.blackhole.url", () -> "jdbc:postgresql://127.0.0.1:" + blackHolePort + "/none");
        registry.add("dbops.targets.blackhole.username", () -> TestPostgres.USER);
        TestKafka.register(registry, "ReachabilityIntegrationTest");
        registry.add("dbops.monitor.poll.interval", () -> "1s");
        registry.add("dbops.monitor.poll.connect-timeout", () -> "1s");
        registry.add("dbops.monitor.poll.statement-timeout", () -> "1s");
        registry.add("dbops.monitor.poll.failures-to-open", () -> "2");
        registry.add("dbops.monitor.poll.max-backoff", () -> "2s");
        registry.add("dbops.monitor.rules.breach-after", () -> "2");
        registry.add("dbops.monitor.rules.clear-after", () -> "1");
    }

    @AfterAll
    static void stopProxies() throws IOException {
        flaky.close();
        blackHole.close();
    }

    @Autowired
    TopicNames topics;

    @Autowired
    StatusBoard board;

    @Autowired
    PollScheduler scheduler;

    @Test
    void unreachableTargetsBreachCriticallyWithoutSlowingTheHealthyOne() throws Exception {
        long since = 0;
        try (TopicProbe events = new TopicProbe(topics.monitorEvents())) {
            JsonNode hole = json(events.await(1, event(BREACHED, "blackhole", "target.reachable", since),
                    Duration.ofSeconds(20)).get(0));
            assertThat(hole.path("severity").asString()).isEqualTo("critical");
            assertThat(hole.path("value").asDouble()).isZero();
            assertThat(hole.path("threshold").asDouble()).isEqualTo(1.0);
            assertThat(hole.path("details").path("error").asString()).isNotBlank();

            // While the black hole times out on every attempt, the healthy target is polled every second.
            Set<Instant> polls = new HashSet<>();
            long end = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < end) {
                board.get("healthy").map(s -> s.lastPoll()).ifPresent(polls::add);
                Thread.sleep(100);
            }
            assertThat(polls).as("polls of the healthy target in 5 s").hasSizeGreaterThanOrEqualTo(4);
            assertThat(board.get("healthy").orElseThrow().reachable()).isTrue();
            assertThat(scheduler.stats().lag().p95()).as("poll start lag p95 (ms)").isLessThan(250);

            long stopped = System.currentTimeMillis();
            flaky.stop();
            JsonNode down = json(events.await(1, event(BREACHED, "flaky", "target.reachable", stopped),
                    Duration.ofSeconds(20)).get(0));
            assertThat(down.path("severity").asString()).isEqualTo("critical");

            long restarted = System.currentTimeMillis();
            flaky.start();
            JsonNode up = json(events.await(1, event(RESOLVED, "flaky", "target.reachable", restarted),
                    Duration.ofSeconds(20)).get(0));
            assertThat(up.path("value").asDouble()).isEqualTo(1.0);
            assertThat(events.drain(Duration.ofSeconds(1)).stream()
                    .filter(event(BREACHED, "healthy", "target.reachable", 0)).count()).isZero();
        }
    }
}
