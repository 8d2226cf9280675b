package dev.dbops.alert.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.model.Json;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * dbops beside the real Alertmanager and amtool (Debian's {@code prometheus-alertmanager}): an Alertmanager
 * whose webhook receiver points at dbops delivers its alerts through dbops's routing and persisted delivery,
 * out again in Alertmanager's own webhook body; amtool posts alerts to dbops as to an Alertmanager, and
 * adds, queries and expires dbops's silences. Skipped, saying so, where the package is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AlertmanagerInteropIT {

    static final String TOKEN = "am-interop-token";

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_am_interop");

    static final HttpReceiver receiver = new HttpReceiver();

    @BeforeAll
    static void alertmanagerInstalled() {
        Assumptions.assumeTrue(AlertmanagerProcess.installed(), "prometheus-alertmanager (Alertmanager and amtool) "
                + "is not installed: infra/local/postgres.sh installs it (apt-get install prometheus-alertmanager)");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "AlertmanagerInteropIT");
        registry.add("dbops.api.token", () -> TOKEN);
        registry.add("dbops.alert.external-url", () -> "http://dbops.example:8084");
        registry.add("dbops.alert.route.receiver", () -> "hook");
        registry.add("dbops.alert.route.routes[0].matchers[0]", () -> "severity=\"info\"");
        registry.add("dbops.alert.route.routes[0].receiver", () -> "hook");
        registry.add("dbops.alert.route.group-wait", () -> "0s");
        registry.add("dbops.alert.route.group-interval", () -> "0s");
        registry.add("dbops.alert.receivers.hook.type", () -> "webhook");
        registry.add("dbops.alert.receivers.hook.url", () -> receiver.url("/hook"));
        registry.add("dbops.alert.delivery.poll-interval", () -> "100ms");
        registry.add("dbops.alert.delivery.sweep-interval", () -> "200ms");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    String dbops() {
        return "http://127.0.0.1:" + port;
    }

    List<JsonNode> hook(String alertname) {
        return receiver.requests("/hook").stream().map(r -> Json.mapper().readTree(r.body()))
                .filter(b -> b.path("commonLabels").path("alertname").asString("").equals(alertname)).toList();
    }

    @Test
    void anAlertmanagerWebhookReceiverPointedAtDbopsDeliversThroughDbopsInAlertmanagersOwnBody() throws Exception {
        String config = """
                route:
                  receiver: dbops
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: dbops
                    webhook_configs:
                      - url: %s/api/alertmanager/webhook
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                """.formatted(dbops(), TOKEN);
        try (AlertmanagerProcess alertmanager = AlertmanagerProcess.start(config)) {
            AlertmanagerProcess.Run added = AlertmanagerProcess.amtool(alertmanager.url, null, "alert", "add",
                    "alertname=DiskFull", "target=orders", "severity=critical", "--annotation=summary=disk 91% full",
                    "--annotation=dashboard=http://grafana.example/d/disk",
                    "--generator-url=http://prometheus.example/graph?g0.expr=disk");
            assertThat(added.exitCode()).as(added.errors()).isZero();

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !hook("DiskFull").isEmpty());
            JsonNode body = hook("DiskFull").get(0);
            JsonNode inAlertmanager = Json.mapper().readTree(AlertmanagerProcess.amtool(alertmanager.url, null,
                    "alert", "query", "-o", "json", "alertname=DiskFull").output()).get(0);
            assertThat(body.get("version").asString()).isEqualTo("4");
            assertThat(body.get("groupKey").asString()).isNotBlank();
            assertThat(body.get("truncatedAlerts").asInt()).isZero();
            assertThat(body.get("status").asString()).isEqualTo("firing");
            assertThat(body.get("receiver").asString()).isEqualTo("hook");
            assertThat(Json.mapper().convertValue(body.get("groupLabels"), Map.class)).isEqualTo(Map.of("target", "orders"));
            assertThat(Json.mapper().convertValue(body.get("commonLabels"), Map.class)).isEqualTo(
                    Map.of("alertname", "DiskFull", "target", "orders", "severity", "critical"));
            assertThat(body.get("commonAnnotations").get("summary").asString()).isEqualTo("disk 91% full");
            assertThat(body.get("externalURL").asString()).isEqualTo("http://dbops.example:8084");
            JsonNode alert = body.get("alerts").get(0);
            assertThat(alert.get("status").asString()).isEqualTo("firing");
            assertThat(alert.get("generatorURL").asString()).isEqualTo("http://prometheus.example/graph?g0.expr=disk");
            // the same identity in Alertmanager and in dbops
            assertThat(alert.get("fingerprint").asString()).isEqualTo(inAlertmanager.get("fingerprint").asString());
            assertThat(Instant.parse(alert.get("startsAt").asString()).truncatedTo(ChronoUnit.MILLIS)).isEqualTo(
                    Instant.parse(inAlertmanager.get("startsAt").asString()).truncatedTo(ChronoUnit.MILLIS));
            assertThat(alert.get("endsAt").asString()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(alert.get("details").get("dashboard").asString()).isEqualTo("http://grafana.example/d/disk");

            // Prometheus ends an alert by sending it with an endsAt that has passed (and is after its start:
            // on a quick run "a second ago" can still be before the start, which Alertmanager refuses)
            Instant endsAt = Instant.parse(inAlertmanager.get("startsAt").asString()).plusMillis(1);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(endsAt));
            AlertmanagerProcess.Run ended = AlertmanagerProcess.amtool(alertmanager.url, null, "alert", "add",
                    "alertname=DiskFull", "target=orders", "severity=critical", "--annotation=summary=disk 91% full",
                    "--start=" + inAlertmanager.get("startsAt").asString(), "--end=" + endsAt);
            assertThat(ended.exitCode()).as(ended.errors()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> hook("DiskFull").stream()
                    .anyMatch(b -> b.get("status").asString().equals("resolved")));
            JsonNode resolved = hook("DiskFull").stream().filter(b -> b.get("status").asString().equals("resolved"))
                    .findFirst().orElseThrow().get("alerts").get(0);
            assertThat(resolved.get("fingerprint").asString()).isEqualTo(alert.get("fingerprint").asString());
            assertThat(resolved.get("endsAt").asString()).isNotEqualTo("0001-01-01T00:00:00Z");
        }
    }

    @Test
    void amtoolPostsAlertsToDbopsAsToAnAlertmanagerWithDbopsToken() throws Exception {
        AlertmanagerProcess.Run refused = AlertmanagerProcess.amtool(dbops(), null, "alert", "add",
                "alertname=ReplicaDown", "target=replica1", "severity=warning");
        assertThat(refused.exitCode()).isNotZero();

        AlertmanagerProcess.Run added = AlertmanagerProcess.amtool(dbops(), TOKEN, "alert", "add",
                "alertname=ReplicaDown", "target=replica1", "severity=warning", "--annotation=summary=replica1 is down",
                "--annotation=description=Promote another replica if it stays down.");
        assertThat(added.exitCode()).as(added.errors()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !hook("ReplicaDown").isEmpty());
        JsonNode alert = hook("ReplicaDown").get(0).get("alerts").get(0);
        assertThat(alert.get("annotations").get("summary").asString()).isEqualTo("replica1 is down");
        assertThat(alert.get("annotations").get("description").asString())
                .isEqualTo("Promote another replica if it stays down.");
        assertThat(alert.get("generatorURL").asString()).isEqualTo("http://dbops.example:8084/api/alerts/history"
                + "?fingerprint=" + alert.get("fingerprint").asString());
        assertThat(receiver.requests("/hook")).noneMatch(r -> r.body().contains("ReplicaDown")
                && !r.headers().containsKey("Idempotency-Key"));
    }

    @Test
    void amtoolAddsQueriesAndExpiresDbopsSilences() throws Exception {
        AlertmanagerProcess.Run added = AlertmanagerProcess.amtool(dbops(), TOKEN, "silence", "add",
                "target=quiet", "alertname=~Disk.*", "--comment=planned failover", "--author=alice", "--duration=1h");
        assertThat(added.exitCode()).as(added.errors()).isZero();
        String id = added.output();
        assertThat(id).matches("[0-9a-f-]{36}");

        JsonNode ours = Json.mapper().readTree(RestClient.create(dbops()).get().uri("/api/silences/" + id)
                .header("Authorization", "Bearer " + TOKEN).retrieve().body(String.class));
        assertThat(ours.get("matchers").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("target=\"quiet\"", "alertname=~\"Disk.*\"");
        assertThat(ours.get("createdBy").asString()).isEqualTo("alice");
        assertThat(ours.get("state").asString()).isEqualTo("active");

        JsonNode queried = Json.mapper().readTree(AlertmanagerProcess.amtool(dbops(), TOKEN, "silence", "query",
                "-o", "json", "target=quiet").output());
        assertThat(queried.findValuesAsString("id")).containsExactly(id);
        assertThat(queried.get(0).get("comment").asString()).isEqualTo("planned failover");

        // it mutes what it matches
        assertThat(AlertmanagerProcess.amtool(dbops(), TOKEN, "alert", "add", "alertname=DiskFull", "target=quiet",
                "severity=critical").exitCode()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM delivery d JOIN alert_group g ON g.id = d.group_id "
                        + "WHERE g.group_key LIKE '%quiet%' AND d.status = 'skipped'", Integer.class) >= 1);
        assertThat(receiver.requests("/hook")).noneMatch(r -> r.body().contains("\"quiet\""));

        AlertmanagerProcess.Run expired = AlertmanagerProcess.amtool(dbops(), TOKEN, "silence", "expire", id);
        assertThat(expired.exitCode()).as(expired.errors()).isZero();
        assertThat(AlertmanagerProcess.amtool(dbops(), TOKEN, "silence", "query", "-q").output()).doesNotContain(id);
        assertThat(AlertmanagerProcess.amtool(dbops(), TOKEN, "silence", "query", "-q", "--expired").output())
                .contains(id);
    }
}
