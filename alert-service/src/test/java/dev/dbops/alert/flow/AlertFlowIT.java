package dev.dbops.alert.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dbops.alert.flow.AlertStackSupport.breach;
import static dev.dbops.alert.flow.AlertStackSupport.headers;
import static dev.dbops.alert.flow.AlertStackSupport.resolved;
import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.alert.model.Json;
import dev.dbops.common.kafka.DeadLetters;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole service against the real broker, PostgreSQL and WireMock receivers: events written as
 * kcat writes them become PagerDuty and Slack notifications, once each, and resolve with the same dedup key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AlertFlowIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_flow");

    @RegisterExtension
    static WireMockExtension http = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "AlertFlowIT");
        AlertStackSupport.receivers(registry, http.baseUrl());
    }

    @Autowired
    TopicNames topics;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @LocalServerPort
    int port;

    @BeforeEach
    void receiversAccept() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withBody("{\"status\":\"success\"}")));
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        http.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    }

    List<JsonNode> pagerDuty(String dedupKey) {
        return http.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))
                        .withRequestBody(matchingJsonPath("$.dedup_key", WireMock.equalTo(dedupKey)))).stream()
                .map(r -> Json.mapper().readTree(r.getBodyAsString())).toList();
    }

    List<String> slack(String text) {
        return http.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/XYZ"))).stream()
                .map(LoggedRequest::getBodyAsString).filter(b -> b.contains(text)).toList();
    }

    RestClient rest() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    @Test
    void aCriticalBreachPagesOnceAndPostsToSlackThenResolvesWithTheSameDedupKey() {
        Map<String, String> breachHeaders = headers("threshold-breached", "orders");
        try (RawProducer producer = new RawProducer();
                TopicProbe alerts = new TopicProbe(topics.alertEvents())) {
            String body = breach("orders", "replication.lag", "critical");
            producer.send(topics.monitorEvents(), "orders", breachHeaders, body);
            producer.send(topics.monitorEvents(), "orders", breachHeaders, body); // redelivered: same ce_id

            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> pagerDuty("orders/replication.lag").size() == 1
                    && slack("orders: replication.lag is 12.50 s").size() == 1);
            JsonNode trigger = pagerDuty("orders/replication.lag").get(0);
            assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
            assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UTINGKEY");
            assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("critical");
            assertThat(trigger.get("payload").get("source").asText()).isEqualTo("orders");

            List<ConsumerRecord<String, String>> notified = alerts.await(2,
                    r -> "dev.dbops.alert-notified.v1".equals(header(r, "ce_type")) && "orders".equals(r.key()),
                    Duration.ofSeconds(120));
            assertThat(notified).extracting(r -> Json.mapper().readTree(r.value()).get("receiver").asText())
                    .containsExactlyInAnyOrder("pagerduty", "slack");

            producer.send(topics.monitorEvents(), "orders", headers("threshold-resolved", "orders"),
                    resolved("orders", "replication.lag"));

            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> pagerDuty("orders/replication.lag").size() == 2);
            JsonNode resolve = pagerDuty("orders/replication.lag").get(1);
            assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
            assertThat(resolve.get("routing_key").asText()).isEqualTo("R0UTINGKEY");
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> slack("[RESOLVED:1]").size() == 1);

            // nothing more arrives: one trigger, one resolve
            alerts.drain(Duration.ofSeconds(2));
            assertThat(pagerDuty("orders/replication.lag")).hasSize(2);
        }
        JsonNode history = Json.mapper().readTree(rest().get().uri("/api/alerts/history?fingerprint=orders/replication.lag")
                .retrieve().body(String.class));
        assertThat(history.get("alert").get("status").asText()).isEqualTo("RESOLVED");
        assertThat(history.get("changes").size()).isEqualTo(2);
        assertThat(history.get("deliveries").findValuesAsString("status")).containsOnly("delivered").hasSize(4);
    }

    @Test
    void poisonRecordsOfABatchAreDeadLetteredWithTheirReasonsAndTheRestOfTheBatchIsAppliedOnce() {
        // the listener is stopped while the records are written, so they arrive in one poll after its start
        registry.getListenerContainers().forEach(MessageListenerContainer::stop);
        Map<String, String> first = headers("threshold-breached", "batch");
        try (TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.MONITOR_EVENTS))) {
            try (RawProducer producer = new RawProducer()) {
                producer.send(topics.monitorEvents(), "batch", first, breach("batch", "rule.a", "critical"));
                producer.send(topics.monitorEvents(), "batch", headers("threshold-breached", "batch"),
                        "{\"target\": oops");
                producer.send(topics.monitorEvents(), "batch", headers("threshold-breached", "batch"),
                        breach("batch", "rule.b", "critical"));
                producer.send(topics.monitorEvents(), "batch", first, breach("batch", "rule.a", "critical"));
                producer.send(topics.monitorEvents(), "batch", headers("threshold-exploded", "batch"), "{}");
                producer.send(topics.monitorEvents(), "batch", headers("threshold-breached", "batch"),
                        breach("batch", "rule.c", "critical"));
            } finally {
                registry.getListenerContainers().forEach(MessageListenerContainer::start);
            }

            List<ConsumerRecord<String, String>> dead = dlt.await(2, r -> "batch".equals(r.key()),
                    Duration.ofSeconds(120));
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON_HEADER)).satisfiesExactly(
                    reason -> assertThat(reason).startsWith(
                            "rejected: payload is not a valid dev.dbops.threshold-breached.v1"),
                    reason -> assertThat(reason).isEqualTo(
                            "rejected: unknown ce_type 'dev.dbops.threshold-exploded.v1'"));
            assertThat(dead.get(0).value()).isEqualTo("{\"target\": oops");
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM alert WHERE target = 'batch' AND status = 'firing'", Integer.class) == 3);
        // the record seen twice (same ce_id) changed its alert once
        assertThat(jdbc.queryForList("SELECT fingerprint FROM alert_change WHERE fingerprint LIKE 'batch/%' "
                + "ORDER BY fingerprint", String.class)).containsExactly("batch/rule.a", "batch/rule.b", "batch/rule.c");
    }

    @Test
    void aSilenceMutesItsAlertsUntilItIsExpired() {
        String created = rest().post().uri("/api/silences").contentType(MediaType.APPLICATION_JSON)
                .body("{\"matchers\":[\"target=\\\"quiet\\\"\"],\"endsAt\":\"" + Instant.now().plusSeconds(3600)
                        + "\",\"createdBy\":\"alice\",\"comment\":\"planned failover\"}")
                .retrieve().body(String.class);
        String id = Json.mapper().readTree(created).get("id").asText();
        assertThat(Json.mapper().readTree(created).get("state").asText()).isEqualTo("active");

        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.monitorEvents(), "quiet", headers("threshold-breached", "quiet"),
                    breach("quiet", "replication.lag", "critical"));
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                            + "WHERE g.group_key LIKE '%quiet%' AND d.status = 'skipped'", Integer.class) >= 2);
            assertThat(pagerDuty("quiet/replication.lag")).isEmpty();

            rest().delete().uri("/api/silences/" + id).retrieve().toBodilessEntity();
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> pagerDuty("quiet/replication.lag").size() == 1);
        }
        JsonNode silences = Json.mapper().readTree(rest().get().uri("/api/silences").retrieve().body(String.class));
        assertThat(silences.get(0).get("state").asText()).isEqualTo("expired");
        assertThat(silences.get(0).get("matchers").get(0).asText()).isEqualTo("target=\"quiet\"");
    }

    @Test
    void aRunningMigrationHoldsItsExpectedAlertsAndReleasesThemWhenItFails() {
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.migrationEvents(), "shop", headers("migration-started", "shop"),
                    "{\"requestId\":\"r-1\",\"target\":\"shop\",\"versions\":[\"2\"],\"fromVersion\":\"1\","
                            + "\"targetVersion\":\"2\",\"startedAt\":\"" + Instant.now() + "\"}");
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> slack("shop: migration r-1 started").size() == 1);

            producer.send(topics.monitorEvents(), "shop", headers("threshold-breached", "shop"),
                    breach("shop", "lock.waits", "critical"));
            producer.send(topics.monitorEvents(), "shop", headers("threshold-breached", "shop"),
                    breach("shop", "replication.lag", "critical"));
            // the unexpected alert goes out, the expected one is held
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> pagerDuty("shop/replication.lag").size() == 1);
            assertThat(pagerDuty("shop/lock.waits")).isEmpty();

            producer.send(topics.migrationEvents(), "shop", headers("migration-failed", "shop"),
                    "{\"requestId\":\"r-1\",\"target\":\"shop\",\"cause\":\"lock-timeout\",\"message\":\"lock timeout\","
                            + "\"targetState\":\"unchanged at version 1\",\"appliedVersions\":[],\"failedAt\":\""
                            + Instant.now() + "\"}");
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> pagerDuty("shop/lock.waits").size() == 1
                    && pagerDuty("shop/migration.failed").size() == 1);
        }
    }

    @Test
    void aMigrationStartDatedInTheFutureHoldsNothingPastNowPlusTheOverrun() {
        Instant now = Instant.now();
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.migrationEvents(), "future", headers("migration-started", "future"),
                    "{\"requestId\":\"r-future\",\"target\":\"future\",\"versions\":[\"2\"],\"fromVersion\":\"1\","
                            + "\"targetVersion\":\"2\",\"startedAt\":\"" + now.plus(Duration.ofDays(3650)) + "\"}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM migration_window WHERE target = 'future'", Integer.class) == 1);
        Instant holdUntil = jdbc.queryForObject("SELECT hold_until FROM migration_window WHERE target = 'future'",
                java.sql.Timestamp.class).toInstant();
        assertThat(holdUntil).isBefore(Instant.now().plus(Duration.ofMinutes(30)).plusSeconds(1));
    }

    @Test
    void aReceiverThatStaysDownFailsOverAfterItsBudgetAndOneThatRefusesAtOnce() {
        http.stubFor(post("/v2/enqueue").withRequestBody(matchingJsonPath("$.dedup_key", WireMock.equalTo("down/replication.lag")))
                .willReturn(aResponse().withStatus(503)));
        http.stubFor(post("/v2/enqueue").withRequestBody(matchingJsonPath("$.dedup_key", WireMock.equalTo("bad/replication.lag")))
                .willReturn(aResponse().withStatus(400).withBody("{\"status\":\"invalid event\"}")));
        try (RawProducer producer = new RawProducer();
                TopicProbe alerts = new TopicProbe(topics.alertEvents())) {
            producer.send(topics.monitorEvents(), "down", headers("threshold-breached", "down"),
                    breach("down", "replication.lag", "critical"));
            producer.send(topics.monitorEvents(), "bad", headers("threshold-breached", "bad"),
                    breach("bad", "replication.lag", "critical"));

            List<ConsumerRecord<String, String>> failed = alerts.await(2,
                    r -> "dev.dbops.alert-delivery-failed.v1".equals(header(r, "ce_type")), Duration.ofSeconds(120));
            JsonNode down = failed.stream().map(r -> Json.mapper().readTree(r.value()))
                    .filter(n -> n.get("target").asText().equals("down")).findFirst().orElseThrow();
            assertThat(down.get("attempts").asInt()).isEqualTo(3);
            assertThat(down.get("fallbackReceiver").asText()).isEqualTo("hook");
            assertThat(down.get("lastError").asText()).contains("HTTP 503");
            JsonNode bad = failed.stream().map(r -> Json.mapper().readTree(r.value()))
                    .filter(n -> n.get("target").asText().equals("bad")).findFirst().orElseThrow();
            assertThat(bad.get("attempts").asInt()).isEqualTo(1);
            assertThat(bad.get("lastError").asText()).contains("HTTP 400");
        }
        assertThat(pagerDuty("down/replication.lag")).hasSize(3);
        assertThat(pagerDuty("bad/replication.lag")).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> http.findAll(postRequestedFor(urlEqualTo("/hook"))
                .withRequestBody(matchingJsonPath("$.alerts[0].fingerprint", WireMock.equalTo("down/replication.lag"))))
                .size() == 1);
        JsonNode receivers = Json.mapper().readTree(rest().get().uri("/api/receivers").retrieve().body(String.class));
        assertThat(receivers.findValuesAsString("name")).contains("pagerduty", "slack", "email", "hook");
        assertThat(receivers.toString()).doesNotContain("R0UTINGKEY").doesNotContain("/services/T0/B0/XYZ");
    }
}
