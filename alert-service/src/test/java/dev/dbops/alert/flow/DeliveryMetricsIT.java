package dev.dbops.alert.flow;

import static dev.dbops.alert.flow.AlertStackSupport.breach;
import static dev.dbops.alert.flow.AlertStackSupport.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.flow.HttpReceiver.Answer;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The delivery queue on /actuator/prometheus, as Prometheus scrapes it: a breach paged to a real HTTP
 * receiver that first answers 503 with Retry-After shows as a pending retry, then as delivered, with its
 * latency and the receiver's Resilience4j metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DeliveryMetricsIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_metrics");

    static final HttpReceiver pagerDuty = new HttpReceiver();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "DeliveryMetricsIT");
        registry.add("dbops.alert.receivers.pagerduty.url", () -> pagerDuty.url("/v2/enqueue"));
        registry.add("dbops.alert.receivers.pagerduty.routing-key", () -> "R0UTINGKEY");
        registry.add("dbops.alert.receivers.pagerduty.resilience.inline-attempts", () -> "1");
        registry.add("dbops.alert.route.group-wait", () -> "0s");
        registry.add("dbops.alert.delivery.poll-interval", () -> "100ms");
    }

    @AfterAll
    static void stopReceiver() {
        pagerDuty.close();
    }

    @Autowired
    TopicNames topics;

    @LocalServerPort
    int port;

    @Test
    void aRetriedThenAcceptedDeliveryShowsInTheQueueOutcomesLatencyAndResilienceMetrics() {
        AtomicInteger calls = new AtomicInteger();
        pagerDuty.answer(request -> calls.incrementAndGet() == 1
                ? new Answer(503, Map.of("Retry-After", "3"), "{\"status\":\"unavailable\"}")
                : Answer.of(202, "{\"status\":\"success\"}"));
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.monitorEvents(), "orders", headers("threshold-breached", "orders"),
                    breach("orders", "replication.lag", "critical"));
        }
        String pagerduty = "receiver=\"pagerduty\"";
        // refused once: a retry waits out its Retry-After, in the queue
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> value(scrape(), "dbops_alert_deliveries_total", pagerduty, "outcome=\"retry\"") == 1);
        // the gauges are read once a second for all of a scrape: the one just taken may predate the retry
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                value(scrape(), "dbops_alert_deliveries_pending", pagerduty, "type=\"pagerduty\"") == 1);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> value(scrape(),
                "dbops_alert_deliveries_total", pagerduty, "outcome=\"delivered\"") == 1);
        // the gauges are read once a second for all of a scrape
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(),
                "dbops_alert_deliveries_pending", pagerduty) == 0);
        String scrape = scrape();
        assertThat(pagerDuty.requests("/v2/enqueue")).hasSize(2);
        assertThat(value(scrape, "dbops_alert_deliveries_oldest_due_age_seconds", pagerduty)).isZero();
        assertThat(value(scrape, "dbops_alert_delivery_latency_seconds_count", pagerduty, "type=\"pagerduty\""))
                .isEqualTo(1);
        assertThat(value(scrape, "dbops_alert_delivery_latency_seconds_sum", pagerduty)).isGreaterThan(0);
        assertThat(scrape).contains("dbops_alert_delivery_latency_seconds_bucket{");
        assertThat(value(scrape, "resilience4j_circuitbreaker_state", "name=\"pagerduty\"", "state=\"closed\""))
                .isEqualTo(1);
        assertThat(value(scrape, "resilience4j_circuitbreaker_calls_seconds_count", "name=\"pagerduty\"",
                "kind=\"successful\"")).isEqualTo(1);
        assertThat(value(scrape, "resilience4j_retry_calls_total", "name=\"pagerduty\"",
                "kind=\"successful_without_retry\"")).isEqualTo(1);
    }

    String scrape() {
        return RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/prometheus").retrieve()
                .body(String.class);
    }

    /** The sample of {@code name} whose labels include every one given; NaN when there is none. */
    static double value(String scrape, String name, String... labels) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }
}
