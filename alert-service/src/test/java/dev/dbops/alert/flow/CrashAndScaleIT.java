package dev.dbops.alert.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dbops.alert.flow.AlertStackSupport.breach;
import static dev.dbops.alert.flow.AlertStackSupport.headers;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.alert.AlertServiceApplication;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Contexts started and stopped by the test: an instance that stops after consuming and before
 * delivering leaves its deliveries to the next one, which sends each exactly once; two instances on
 * one database share the work without sending anything twice.
 */
class CrashAndScaleIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_crash");

    @RegisterExtension
    static WireMockExtension http = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String PREFIX = TestKafka.topicPrefix("CrashAndScaleIT");

    ConfigurableApplicationContext start(boolean deliver) {
        return start(deliver, Map.of());
    }

    ConfigurableApplicationContext start(boolean deliver, Map<String, String> overrides) {
        Map<String, Object> props = new LinkedHashMap<>();
        DynamicPropertyRegistry registry = (name, supplier) -> props.put(name, supplier.get());
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "CrashAndScaleIT");
        AlertStackSupport.receivers(registry, http.baseUrl());
        props.put("server.port", "0");
        props.put("dbops.alert.delivery.enabled", String.valueOf(deliver));
        props.put("dbops.alert.delivery.lease", "3s");
        props.put("dbops.alert.receivers.pagerduty.threads", "4");
        props.putAll(overrides);
        // as command-line arguments, so that they win over application.yml
        return new SpringApplicationBuilder(AlertServiceApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    Map<String, Long> triggersByDedupKey() {
        return AlertStackSupport.triggersByDedupKey(http);
    }

    @Test
    void deliveriesWrittenBeforeAStopAreSentOnceAfterTheRestart() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202)));
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        TopicNames topics = new TopicNames(PREFIX);

        try (ConfigurableApplicationContext intakeOnly = start(false)) {
            JdbcTemplate jdbc = intakeOnly.getBean(JdbcTemplate.class);
            try (RawProducer producer = new RawProducer()) {
                producer.send(topics.monitorEvents(), "crash", headers("threshold-breached", "crash"),
                        breach("crash", "replication.lag", "critical"));
            }
            // consumed: the alert and both deliveries are committed with the event ...
            Awaitility.await().atMost(Duration.ofSeconds(150)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                            + "WHERE g.group_key LIKE '%crash%' AND d.status = 'pending'", Integer.class) == 2);
            // ... and the instance stops before delivering anything
        }
        assertThat(http.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")))).isEmpty();

        try (ConfigurableApplicationContext restarted = start(true)) {
            Awaitility.await().atMost(Duration.ofSeconds(150)).until(() ->
                    triggersByDedupKey().getOrDefault("crash/replication.lag", 0L) == 1
                            && http.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/XYZ"))).size() == 1);
            sleep(Duration.ofSeconds(2));
            assertThat(triggersByDedupKey()).containsEntry("crash/replication.lag", 1L);
            assertThat(http.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/XYZ")))).hasSize(1);
            JdbcTemplate jdbc = restarted.getBean(JdbcTemplate.class);
            // delivered, and the next repeat (repeat_interval) pending
            assertThat(jdbc.queryForList("SELECT d.status FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                    + "WHERE g.group_key LIKE '%crash%' ORDER BY 1", String.class))
                    .containsExactly("delivered", "delivered", "pending", "pending");
        }
    }

    @Test
    void aDeliveryClaimedByAnInstanceThatDiedIsTakenOverAfterItsLease() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202)));
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        TopicNames topics = new TopicNames(PREFIX);
        try (ConfigurableApplicationContext intakeOnly = start(false)) {
            JdbcTemplate jdbc = intakeOnly.getBean(JdbcTemplate.class);
            try (RawProducer producer = new RawProducer()) {
                producer.send(topics.monitorEvents(), "died", headers("threshold-breached", "died"),
                        breach("died", "replication.lag", "critical"));
            }
            Awaitility.await().atMost(Duration.ofSeconds(150)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                            + "WHERE g.group_key LIKE '%died%' AND d.status = 'pending'", Integer.class) == 2);
            // what a worker killed mid-send leaves behind: claimed, lease still running
            jdbc.update("UPDATE delivery d SET status = 'sending', lease_until = now() + interval '3 seconds' "
                    + "FROM alert_group g WHERE g.id = d.group_id AND g.group_key LIKE 'pagerduty%died%'");
        }
        try (ConfigurableApplicationContext restarted = start(true)) {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> triggersByDedupKey().getOrDefault("died/replication.lag", 0L) == 1);
            sleep(Duration.ofSeconds(2));
            assertThat(triggersByDedupKey()).containsEntry("died/replication.lag", 1L);
        }
    }

    @Test
    void twoInstancesShareTheWorkWithoutSendingAnythingTwice() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withFixedDelay(20)));
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        TopicNames topics = new TopicNames(PREFIX);
        int targets = 60;
        try (ConfigurableApplicationContext first = start(true); ConfigurableApplicationContext second = start(true)) {
            try (RawProducer producer = new RawProducer()) {
                for (int i = 0; i < targets; i++) {
                    producer.send(topics.monitorEvents(), "db" + i, headers("threshold-breached", "db" + i),
                            breach("db" + i, "connections.used", "critical"));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(150)).until(() -> triggersByDedupKey().keySet().stream()
                    .filter(k -> k.startsWith("db")).count() == targets);
            sleep(Duration.ofSeconds(2));
            Map<String, Long> sent = triggersByDedupKey();
            List<String> twice = sent.entrySet().stream().filter(e -> e.getKey().startsWith("db") && e.getValue() > 1)
                    .map(Map.Entry::getKey).toList();
            assertThat(twice).as("sent more than once").isEmpty();
        }
    }

    @Test
    void aStoppingInstanceHandsItsUnsentClaimsBackInsteadOfLeavingThemToTheLease() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withFixedDelay(1500)));
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        TopicNames topics = new TopicNames(PREFIX);
        // one slow sender, and a lease far longer than the test: only a hand-back lets the restart send them
        Map<String, String> slow = Map.of("dbops.alert.receivers.pagerduty.threads", "1",
                "dbops.alert.delivery.lease", "30m");
        try (ConfigurableApplicationContext first = start(true, slow)) {
            try (RawProducer producer = new RawProducer()) {
                for (int i = 0; i < 5; i++) {
                    producer.send(topics.monitorEvents(), "stop" + i, headers("threshold-breached", "stop" + i),
                            breach("stop" + i, "replication.lag", "critical"));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(150)).until(() -> triggersByDedupKey().keySet().stream()
                    .anyMatch(k -> k.startsWith("stop")));
        }
        try (ConfigurableApplicationContext restarted = start(true, slow)) {
            Awaitility.await().atMost(Duration.ofSeconds(150)).until(() -> triggersByDedupKey().keySet().stream()
                    .filter(k -> k.startsWith("stop")).count() == 5);
            sleep(Duration.ofSeconds(2));
            assertThat(triggersByDedupKey().entrySet().stream().filter(e -> e.getKey().startsWith("stop")))
                    .as("each sent once: the one in flight at the stop was recorded, the others handed back")
                    .allMatch(e -> e.getValue() == 1L);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
