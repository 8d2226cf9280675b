package dev.dbops.alert.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.alert.model.Json;
import dev.dbops.common.testing.RawProducer;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Receivers pointed at WireMock, timers short enough for tests, and events written the way kcat writes them. */
final class AlertStackSupport {

    private AlertStackSupport() {
    }

    static void receivers(DynamicPropertyRegistry registry, String baseUrl) {
        registry.add("dbops.alert.receivers.pagerduty.url", () -> baseUrl + "/v2/enqueue");
        registry.add("dbops.alert.receivers.pagerduty.routing-key", () -> "R0UTINGKEY");
        registry.add("dbops.alert.receivers.slack.url", () -> baseUrl + "/services/T0/B0/XYZ");
        registry.add("dbops.alert.receivers.slack.rate-per-second", () -> "0");
        registry.add("dbops.alert.receivers.hook.type", () -> "webhook");
        registry.add("dbops.alert.receivers.hook.url", () -> baseUrl + "/hook");
        registry.add("dbops.alert.fallback-receiver", () -> "hook");
        registry.add("dbops.alert.route.group-wait", () -> "0s");
        registry.add("dbops.alert.route.group-interval", () -> "0s");
        registry.add("dbops.alert.delivery.poll-interval", () -> "100ms");
        registry.add("dbops.alert.delivery.backoff", () -> "200ms");
        registry.add("dbops.alert.delivery.max-attempts", () -> "3");
        registry.add("dbops.alert.delivery.sweep-interval", () -> "200ms");
        for (String receiver : new String[] {"pagerduty", "slack", "hook"}) {
            registry.add("dbops.alert.receivers." + receiver + ".resilience.inline-attempts", () -> "1");
        }
    }

    static String breach(String target, String rule, String severity) {
        return "{\"target\":\"" + target + "\",\"rule\":\"" + rule + "\",\"severity\":\"" + severity + "\","
                + "\"value\":12.5,\"threshold\":5,\"unit\":\"s\",\"since\":\"" + Instant.now() + "\",\"details\":{}}";
    }

    static String resolved(String target, String rule) {
        return "{\"target\":\"" + target + "\",\"rule\":\"" + rule + "\",\"value\":1,\"breachedAt\":\""
                + Instant.now().minusSeconds(60) + "\",\"resolvedAt\":\"" + Instant.now() + "\"}";
    }

    /** PagerDuty triggers received by WireMock, counted by dedup key. */
    static Map<String, Long> triggersByDedupKey(WireMockExtension http) {
        return http.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).stream()
                .map(r -> Json.mapper().readTree(r.getBodyAsString()).get("dedup_key").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    static Map<String, String> headers(String type, String target) {
        return RawProducer.cloudEventHeaders("dev.dbops." + type + ".v1", target);
    }
}
