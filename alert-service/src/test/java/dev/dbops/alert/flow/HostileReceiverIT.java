package dev.dbops.alert.flow;

import static dev.dbops.alert.flow.AlertStackSupport.breach;
import static dev.dbops.alert.flow.AlertStackSupport.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.flow.HttpReceiver.Answer;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Receivers that misbehave or whose URLs hold secrets, against the real broker, PostgreSQL and a real
 * HTTP receiver: an absurd Retry-After neither defers an alert past the back-off maximum nor breaks the
 * recording of the deliveries accepted beside it; URL user-info, query and Slack's path never show.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class HostileReceiverIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_hostile");

    static final HttpReceiver receiver = new HttpReceiver();

    static final List<String> ABSURD = List.of("Infinity", "1e16", "-5", "soon", "99999999999");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "HostileReceiverIT");
        registry.add("dbops.alert.route.receiver", () -> "hook");
        registry.add("dbops.alert.route.routes[0].matchers[0]", () -> "severity=\"warning\"");
        registry.add("dbops.alert.route.routes[0].receiver", () -> "slack");
        registry.add("dbops.alert.route.routes[1].matchers[0]", () -> "target=\"breaker\"");
        registry.add("dbops.alert.route.routes[1].receiver", () -> "breaker");
        registry.add("dbops.alert.receivers.breaker.type", () -> "webhook");
        registry.add("dbops.alert.receivers.breaker.url", () -> receiver.url("/breaker"));
        registry.add("dbops.alert.receivers.breaker.resilience.inline-attempts", () -> "1");
        registry.add("dbops.alert.receivers.breaker.resilience.window", () -> "2");
        registry.add("dbops.alert.receivers.breaker.resilience.open-for", () -> "1s");
        registry.add("dbops.alert.route.group-wait", () -> "0s");
        registry.add("dbops.alert.route.group-interval", () -> "0s");
        registry.add("dbops.alert.receivers.hook.type", () -> "webhook");
        registry.add("dbops.alert.receivers.hook.url", () -> "http://alice:hunter2@127.0.0.1:" + receiver.port()
                + "/hook?token=QSECRET");
        registry.add("dbops.alert.receivers.hook.resilience.inline-attempts", () -> "2");
        registry.add("dbops.alert.receivers.hook.resilience.inline-backoff", () -> "50ms");
        registry.add("dbops.alert.receivers.slack.url", () -> receiver.url("/services/T0/B0/SLACKSECRET"));
        registry.add("dbops.alert.receivers.slack.rate-per-second", () -> "0");
        registry.add("dbops.alert.fallback-receiver", () -> "");
        registry.add("dbops.alert.delivery.poll-interval", () -> "100ms");
        registry.add("dbops.alert.delivery.backoff", () -> "200ms");
        registry.add("dbops.alert.delivery.max-backoff", () -> "20s");
        registry.add("dbops.alert.delivery.max-attempts", () -> "3");
        registry.add("dbops.alert.delivery.sweep-interval", () -> "200ms");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    TopicNames topics;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @Test
    void anAbsurdRetryAfterIsCappedAtTheBackoffMaximumAndTheAcceptedDeliveriesBesideItAreRecorded() {
        receiver.answer(request -> {
            for (int i = 0; i < ABSURD.size(); i++) {
                if (request.body().contains("\"target\":\"absurd-" + i + "\"")) {
                    return new Answer(429, Map.of("Retry-After", ABSURD.get(i)), "slow down");
                }
            }
            return Answer.of(200, "ok");
        });
        try (RawProducer producer = new RawProducer()) {
            for (int i = 0; i < 10; i++) {
                if (i < ABSURD.size()) {
                    producer.send(topics.monitorEvents(), "absurd-" + i, headers("threshold-breached", "absurd-" + i),
                            breach("absurd-" + i, "replication.lag", "critical"));
                }
                producer.send(topics.monitorEvents(), "fine-" + i, headers("threshold-breached", "fine-" + i),
                        breach("fine-" + i, "replication.lag", "critical"));
            }
        }
        String byTarget = "SELECT d.status, d.attempts, d.not_before < now() + interval '21 seconds' AS bounded "
                + "FROM delivery d JOIN alert_group g ON g.id = d.group_id WHERE g.group_key LIKE ? AND d.attempts > 0";
        // every accepted delivery is recorded as delivered: none waits for its lease to be sent again
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                        + "WHERE g.group_key LIKE '%fine-%' AND d.status = 'delivered'", Integer.class) == 10);
        // each refused one is back for another try within the back-off maximum (or spent its budget)
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < ABSURD.size(); i++) {
                List<Map<String, Object>> rows = jdbc.queryForList(byTarget, "%absurd-" + i + "%");
                assertThat(rows).as("Retry-After: %s", ABSURD.get(i)).singleElement().satisfies(row -> {
                    assertThat(row.get("status")).isIn("retry", "failed");
                    assertThat(row.get("bounded")).isEqualTo(true);
                });
            }
        });
        assertThat(receiver.requests("/hook").stream().filter(r -> r.body().contains("fine-"))).hasSize(10);
    }

    /**
     * A try the open circuit kept from the receiver is not an attempt: the budget (3 here) counts what
     * reached the receiver, so an open circuit is waited out, never turned into a failed delivery.
     */
    @Test
    void triesHeldBackByAnOpenCircuitSpendNoAttempt() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(request -> request.path().startsWith("/breaker") && calls.incrementAndGet() <= 2
                ? Answer.of(503, "down") : Answer.of(200, "ok"));
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.monitorEvents(), "breaker", headers("threshold-breached", "breaker"),
                    breach("breaker", "replication.lag", "critical"));
        }
        String status = "SELECT d.status FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                + "WHERE g.group_key LIKE '%breaker%' AND d.receiver = 'breaker'";
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(status, String.class)
                .stream().anyMatch(s -> s.equals("delivered") || s.equals("failed")));
        assertThat(jdbc.queryForList(status, String.class)).contains("delivered").doesNotContain("failed");
        assertThat(receiver.requests("/breaker")).hasSize(3);
    }

    @Test
    void urlSecretsNeverShowInLogsOrRestButUserInfoIsSentAsBasicCredentials(CapturedOutput output) {
        receiver.answer(request -> Answer.of(200, "ok"));
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.monitorEvents(), "secretive", headers("threshold-breached", "secretive"),
                    breach("secretive", "replication.lag", "critical"));
            producer.send(topics.monitorEvents(), "secretive", headers("threshold-breached", "secretive"),
                    breach("secretive", "cache.hit", "warning"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                receiver.requests("/hook").stream().anyMatch(r -> r.body().contains("secretive"))
                        && receiver.requests("/services/T0/B0/SLACKSECRET").stream()
                                .anyMatch(r -> r.body().contains("secretive")));
        HttpReceiver.Request hook = receiver.requests("/hook").stream().filter(r -> r.body().contains("secretive"))
                .findFirst().orElseThrow();
        assertThat(hook.query()).isEqualTo("token=QSECRET");
        assertThat(hook.headers().getFirst("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("alice:hunter2".getBytes(StandardCharsets.UTF_8)));

        RestClient rest = RestClient.create("http://127.0.0.1:" + port);
        String receivers = rest.get().uri("/api/receivers").retrieve().body(String.class);
        String deliveries = rest.get().uri("/api/deliveries").retrieve().body(String.class);
        assertThat(receivers).contains("\"endpoint\":\"http://127.0.0.1:" + receiver.port() + "/hook\"")
                .contains("\"endpoint\":\"http://127.0.0.1:" + receiver.port() + "/…\"");
        for (String secret : List.of("hunter2", "alice", "QSECRET", "SLACKSECRET")) {
            assertThat(receivers).doesNotContain(secret);
            assertThat(deliveries).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(output.getAll()).contains("Receiver hook (webhook) sends to http://127.0.0.1:" + receiver.port() + "/hook");
    }
}
