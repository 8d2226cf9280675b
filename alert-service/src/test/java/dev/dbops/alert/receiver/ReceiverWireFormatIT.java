package dev.dbops.alert.receiver;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dbops.alert.Fixtures.T0;
import static dev.dbops.alert.Fixtures.firing;
import static dev.dbops.alert.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.receiver.pagerduty.PagerDutyReceiver;
import dev.dbops.alert.receiver.slack.SlackReceiver;
import dev.dbops.alert.receiver.webhook.WebhookReceiver;
import dev.dbops.common.event.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The receivers against WireMock: exact bodies, and the retry policy of each status. */
class ReceiverWireFormatIT {

    @RegisterExtension
    static WireMockExtension http = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final Alert LAG = firing("orders", "replication.lag", Severity.CRITICAL);
    static final AlertSettings.Resilience FAST = new AlertSettings.Resilience(3, Duration.ofMillis(200),
            Duration.ofSeconds(10), 50, 20, Duration.ofSeconds(30));

    static Notification firingNotification(String receiver) {
        return new Notification("d-1", receiver, receiver + "|0.0|{}", Map.of("target", "orders", "rule",
                "replication.lag"), List.of(LAG), List.of(), T0);
    }

    URI url(String path) {
        return URI.create(http.baseUrl() + path);
    }

    ResilientReceiver pagerDuty() {
        return new ResilientReceiver(new PagerDutyReceiver("pagerduty", url("/v2/enqueue"), "R0UTINGKEY", true,
                Duration.ofSeconds(5)), FAST, 0);
    }

    ResilientReceiver slack() {
        return new ResilientReceiver(new SlackReceiver("slack", url("/services/T0/B0/XYZ"), true, Duration.ofSeconds(5)),
                FAST, 0);
    }

    static JsonNode body(LoggedRequest request) {
        return Json.mapper().readTree(request.getBodyAsString());
    }

    @Test
    void pagerDutyTriggerFieldByField() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"orders/replication.lag\"}")));

        ResilientReceiver.Attempts result = pagerDuty().send(firingNotification("pagerduty"));

        assertThat(result.outcome().accepted()).isTrue();
        assertThat(result.calls()).isEqualTo(1);
        List<LoggedRequest> requests = http.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = body(requests.get(0));
        assertThat(body.get("routing_key").asText()).isEqualTo("R0UTINGKEY");
        assertThat(body.get("event_action").asText()).isEqualTo("trigger");
        assertThat(body.get("dedup_key").asText()).isEqualTo("orders/replication.lag");
        JsonNode payload = body.get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo("orders: replication.lag is 97% (threshold 90%)");
        assertThat(payload.get("source").asText()).isEqualTo("orders");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-21T12:00:00Z");
        assertThat(payload.get("component").asText()).isEqualTo("replication.lag");
        assertThat(payload.get("group").asText()).isEqualTo("monitor-service");
        assertThat(payload.get("class").asText()).isEqualTo("threshold");
        assertThat(payload.get("custom_details").get("value").asDouble()).isEqualTo(97.0);
        assertThat(payload.get("custom_details").get("threshold").asDouble()).isEqualTo(90.0);
        assertThat(payload.get("custom_details").get("labels").get("target").asText()).isEqualTo("orders");
        assertThat(payload.get("custom_details").get("fingerprint").asText()).isEqualTo("orders/replication.lag");
        assertThat(body.get("links").get(0).get("href").asText()).isEqualTo("https://runbooks.example.com/replication.lag");
        assertThat(body.get("links").get(0).get("text").asText()).isEqualTo("Runbook: replication.lag");
    }

    @Test
    void pagerDutyResolveUsesTheSameRoutingAndDedupKey() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202)));
        Notification resolve = new Notification("d-2", "pagerduty", "k", Map.of(), List.of(),
                List.of(resolved("orders", "replication.lag", Severity.CRITICAL)), T0);

        assertThat(pagerDuty().send(resolve).outcome().accepted()).isTrue();

        http.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")).withRequestBody(equalToJson(
                "{\"routing_key\":\"R0UTINGKEY\",\"event_action\":\"resolve\",\"dedup_key\":\"orders/replication.lag\"}")));
    }

    @Test
    void pagerDutyIsRetriedAfterRetryAfterOn429() {
        http.stubFor(post("/v2/enqueue").inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        http.stubFor(post("/v2/enqueue").inScenario("throttled").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(202)));

        long start = System.nanoTime();
        ResilientReceiver.Attempts result = pagerDuty().send(firingNotification("pagerduty"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.outcome().accepted()).isTrue();
        assertThat(result.calls()).isEqualTo(2);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        http.verify(2, postRequestedFor(urlEqualTo("/v2/enqueue")));
    }

    @Test
    void pagerDutyBacksOffExponentiallyOn5xx() {
        http.stubFor(post("/v2/enqueue").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        http.stubFor(post("/v2/enqueue").inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        http.stubFor(post("/v2/enqueue").inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(202)));

        long start = System.nanoTime();
        ResilientReceiver.Attempts result = pagerDuty().send(firingNotification("pagerduty"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.outcome().accepted()).isTrue();
        assertThat(result.calls()).isEqualTo(3);
        // 200 ms, then 400 ms
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        List<LoggedRequest> requests = http.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")));
        assertThat(requests).hasSize(3);
        long firstGap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        long secondGap = requests.get(2).getLoggedDate().getTime() - requests.get(1).getLoggedDate().getTime();
        assertThat(firstGap).isGreaterThanOrEqualTo(190);
        assertThat(secondGap).isGreaterThanOrEqualTo(390);
        // the retries send the very same event
        assertThat(requests.get(2).getBodyAsString()).isEqualTo(requests.get(0).getBodyAsString());
    }

    @Test
    void pagerDutyNeverRetriesA400() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}")));

        ResilientReceiver.Attempts result = pagerDuty().send(firingNotification("pagerduty"));

        assertThat(result.outcome().result()).isEqualTo(Outcome.Result.PERMANENT);
        assertThat(result.outcome().toString()).contains("HTTP 400").contains("Event object is invalid");
        assertThat(result.calls()).isEqualTo(1);
        http.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")));
    }

    @Test
    void pagerDutyGivesUpAfterItsInlineAttemptsOnPersistent5xx() {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(502)));
        ResilientReceiver.Attempts result = pagerDuty().send(firingNotification("pagerduty"));
        assertThat(result.outcome().retryable()).isTrue();
        assertThat(result.calls()).isEqualTo(3);
    }

    @Test
    void slackMessageFieldByField() {
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));

        assertThat(slack().send(firingNotification("slack")).outcome().accepted()).isTrue();

        List<LoggedRequest> requests = http.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/XYZ")));
        assertThat(requests).hasSize(1);
        JsonNode body = body(requests.get(0));
        assertThat(body.get("text").asText()).isEqualTo("🔥 [FIRING:1] critical · orders · replication.lag\n"
                + "orders: replication.lag is 97% (threshold 90%)");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.size()).isEqualTo(3);
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asText())
                .isEqualTo("🔥 [FIRING:1] critical · orders · replication.lag");
        assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo(
                "*orders: replication.lag is 97% (threshold 90%)*\nwhat to do\n"
                        + "<https://runbooks.example.com/replication.lag|Runbook>");
        assertThat(blocks.get(2).get("type").asText()).isEqualTo("context");
        assertThat(blocks.get(2).get("elements").get(0).get("text").asText())
                .contains("*target* orders").contains("*rule* replication.lag").contains("*severity* critical");
    }

    @Test
    void slackHonours429RetryAfter() {
        http.stubFor(post("/services/T0/B0/XYZ").inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("rate_limited"))
                .willSetStateTo("ok"));
        http.stubFor(post("/services/T0/B0/XYZ").inScenario("rate").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("ok")));

        long start = System.nanoTime();
        ResilientReceiver.Attempts result = slack().send(firingNotification("slack"));

        assertThat(result.outcome().accepted()).isTrue();
        assertThat(result.calls()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLongRetryAfterIsLeftToTheNextClaimInsteadOfBlockingAWorker() {
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));
        ResilientReceiver.Attempts result = slack().send(firingNotification("slack"));
        assertThat(result.calls()).isEqualTo(1);
        assertThat(result.outcome().retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 410})
    void slackNeverRetriesRefusals(int status) {
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(status).withBody("invalid_payload")));
        ResilientReceiver.Attempts result = slack().send(firingNotification("slack"));
        assertThat(result.outcome().result()).isEqualTo(Outcome.Result.PERMANENT);
        http.verify(1, postRequestedFor(urlEqualTo("/services/T0/B0/XYZ")));
    }

    @Test
    void slackIsLimitedToOneMessagePerSecond() {
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        ResilientReceiver limited = new ResilientReceiver(new SlackReceiver("slack", url("/services/T0/B0/XYZ"), true,
                Duration.ofSeconds(5)), FAST, 1);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(limited.send(firingNotification("slack")).outcome().accepted()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void theCircuitOpensOnAReceiverThatKeepsFailing() {
        http.stubFor(post("/hook").willReturn(aResponse().withStatus(503)));
        ResilientReceiver hook = new ResilientReceiver(new WebhookReceiver("hook", url("/hook"), Map.of(), true,
                Duration.ofSeconds(5), new WebhookReceiver.Body("http://dbops.example", 0)), new AlertSettings.Resilience(1, Duration.ofMillis(1), Duration.ofSeconds(1),
                50, 10, Duration.ofMinutes(1)), 0);
        for (int i = 0; i < 10; i++) {
            hook.send(firingNotification("hook"));
        }
        ResilientReceiver.Attempts refused = hook.send(firingNotification("hook"));
        assertThat(refused.calls()).isZero();
        assertThat(refused.outcome().detail()).startsWith("circuit open");
        http.verify(10, postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void webhookSendsAlertmanagersShapeWithAnIdempotencyKey() {
        http.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
        ResilientReceiver hook = new ResilientReceiver(new WebhookReceiver("hook", url("/hook"),
                Map.of("Authorization", "Bearer s3cret"), true, Duration.ofSeconds(5),
                new WebhookReceiver.Body("http://dbops.example/", 0)), FAST, 0);
        assertThat(hook.send(firingNotification("hook")).outcome().accepted()).isTrue();
        http.verify(postRequestedFor(urlEqualTo("/hook")).withHeader("Idempotency-Key", equalTo("d-1"))
                .withHeader("Authorization", equalTo("Bearer s3cret"))
                .withRequestBody(matchingJsonPath("$.version", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.status", equalTo("firing")))
                .withRequestBody(matchingJsonPath("$.alerts[0].fingerprint", equalTo("orders/replication.lag")))
                .withRequestBody(matchingJsonPath("$.alerts[0].labels.severity", equalTo("critical")))
                .withRequestBody(matchingJsonPath("$.commonLabels.target", equalTo("orders")))
                .withRequestBody(matchingJsonPath("$.truncatedAlerts", equalTo("0")))
                .withRequestBody(matchingJsonPath("$.receiver", equalTo("hook")))
                .withRequestBody(matchingJsonPath("$.groupKey", equalTo("hook|0.0|{}")))
                .withRequestBody(matchingJsonPath("$.externalURL", equalTo("http://dbops.example")))
                .withRequestBody(matchingJsonPath("$.commonAnnotations.summary", equalTo(LAG.summary())))
                .withRequestBody(matchingJsonPath("$.alerts[0].generatorURL", equalTo(
                        "http://dbops.example/api/alerts/history?fingerprint=orders%2Freplication.lag")))
                .withRequestBody(matchingJsonPath("$.alerts[0].startsAt", equalTo(LAG.startsAt().toString())))
                .withRequestBody(matchingJsonPath("$.alerts[0].endsAt", equalTo("0001-01-01T00:00:00Z"))));
        assertThat(hook.receiver().endpoint()).doesNotContain("s3cret");
    }

    @Test
    void webhookSendsAtMostMaxAlertsAndCountsTheRestAsTruncated() {
        Notification two = new Notification("d-2", "hook", "hook|0.0|{}", Map.of("target", "orders"),
                List.of(LAG, firing("orders", "lock.waits", Severity.CRITICAL)), List.of(), T0);
        Map<String, Object> body = WebhookReceiver.body(two, new WebhookReceiver.Body("http://dbops.example", 1));
        assertThat(body.get("truncatedAlerts")).isEqualTo(1);
        assertThat((List<?>) body.get("alerts")).hasSize(1);
        assertThat(((Map<?, ?>) body.get("commonAnnotations")).containsKey("summary")).isFalse();
    }

    @Test
    void networkErrorsAreRetryable() {
        ResilientReceiver closed = new ResilientReceiver(new PagerDutyReceiver("pd", URI.create("http://127.0.0.1:1/x"),
                "k", true, Duration.ofSeconds(2)), FAST, 0);
        ResilientReceiver.Attempts result = closed.send(firingNotification("pd"));
        assertThat(result.outcome().retryable()).isTrue();
        assertThat(result.calls()).isEqualTo(3);
        assertThat(result.outcome().detail()).startsWith("network error");
    }
}
