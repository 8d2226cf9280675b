package dev.dbops.alert.flow;

import static dev.dbops.alert.flow.AlertStackSupport.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.flow.HttpReceiver.Answer;
import dev.dbops.alert.model.Json;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A migration applied on a target is a PagerDuty change event (Events API v2, {@code /v2/change/enqueue}),
 * stored with the event that caused it and sent until PagerDuty accepts it: real broker, PostgreSQL and
 * HTTP receiver checking the exact body.
 */
@SpringBootTest
@DirtiesContext
class PagerDutyChangeEventIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_pd_change");

    static final HttpReceiver pagerDuty = new HttpReceiver();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "PagerDutyChangeEventIT");
        registry.add("dbops.alert.receivers.pagerduty.url", () -> pagerDuty.url("/v2/enqueue"));
        registry.add("dbops.alert.receivers.pagerduty.routing-key", () -> "R0UTINGKEY");
        registry.add("dbops.alert.delivery.poll-interval", () -> "100ms");
        registry.add("dbops.alert.delivery.backoff", () -> "200ms");
        registry.add("dbops.alert.delivery.max-backoff", () -> "1s");
    }

    @AfterAll
    static void stopReceiver() {
        pagerDuty.close();
    }

    @Autowired
    TopicNames topics;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAppliedMigrationIsSentAsAChangeEventAndRetriedWithinTheBackoffMaximumAfterA429() {
        AtomicInteger calls = new AtomicInteger();
        pagerDuty.answer(request -> calls.incrementAndGet() == 1
                ? new Answer(429, Map.of("Retry-After", "Infinity"), "{\"status\":\"throttled\"}")
                : Answer.of(202, "{\"status\":\"success\",\"message\":\"Change event processed\"}"));
        Instant completedAt = Instant.parse("2026-12-03T10:15:30.123Z");
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.migrationEvents(), "orders", headers("migration-completed", "orders"),
                    "{\"requestId\":\"r-7\",\"target\":\"orders\",\"applied\":[{\"version\":\"3\",\"description\":"
                            + "\"add index\",\"durationMs\":800,\"lockRetries\":0}],\"currentVersion\":\"3\","
                            + "\"durationMs\":1200,\"completedAt\":\"" + completedAt + "\"}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pagerDuty.requests("/v2/change/enqueue").size() == 2);
        assertThat(Json.mapper().readTree(pagerDuty.requests("/v2/change/enqueue").get(1).body())).isEqualTo(
                Json.mapper().readTree("""
                        {"routing_key":"R0UTINGKEY","payload":{
                          "summary":"orders: migration r-7 applied 3 (now at version 3)",
                          "timestamp":"2026-12-03T10:15:30.123Z","source":"orders",
                          "custom_details":{"request_id":"r-7","applied_versions":["3"],"current_version":"3",
                                            "duration_ms":1200}}}"""));
        assertThat(pagerDuty.requests("/v2/change/enqueue").get(0).headers().getFirst("Content-Type"))
                .startsWith("application/json");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pagerduty_change WHERE status = 'delivered' AND attempts = 2", Integer.class) == 1);
        assertThat(pagerDuty.requests("/v2/enqueue")).isEmpty();
    }
}
