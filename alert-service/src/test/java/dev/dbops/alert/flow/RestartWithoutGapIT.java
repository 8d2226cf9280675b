package dev.dbops.alert.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dbops.alert.flow.AlertStackSupport.breach;
import static dev.dbops.alert.flow.AlertStackSupport.headers;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An instance killed with -9 and started again on the same host and port takes its partitions back at
 * once (the same group.instance.id: static membership), instead of waiting until the broker gives up on
 * the dead consumers; the events that came while it was down are delivered once.
 */
class RestartWithoutGapIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_restart");

    @RegisterExtension
    static WireMockExtension http = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String PREFIX = TestKafka.topicPrefix("RestartWithoutGapIT");

    /** The restarted instance's deadline: its consumers' join and first poll, with time to spare on a busy machine. */
    static final Duration AT_ONCE = Duration.ofSeconds(15);

    Map<String, Object> properties() {
        Map<String, Object> props = new LinkedHashMap<>();
        DynamicPropertyRegistry registry = (name, supplier) -> props.put(name, supplier.get());
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "RestartWithoutGapIT");
        AlertStackSupport.receivers(registry, http.baseUrl());
        // longer than a restart takes here, so that only a handed-back membership explains a prompt
        // assignment (the default, 45 s, can end while a JVM starts on a busy machine: 85 s here)
        props.put("spring.kafka.consumer.properties.session.timeout.ms", "300000");
        return props;
    }

    Map<String, Long> triggersByDedupKey() {
        return AlertStackSupport.triggersByDedupKey(http);
    }

    @Test
    void aKilledInstanceRestartedGetsItsPartitionsAtOnceAndDeliversWhatCameMeanwhileOnce() throws Exception {
        http.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202)));
        http.stubFor(post("/services/T0/B0/XYZ").willReturn(aResponse().withStatus(200).withBody("ok")));
        TopicNames topics = new TopicNames(PREFIX);
        int port = ServiceProcess.freePort();
        Path log = Files.createTempFile("alert-service-restart", ".log");
        try (RawProducer producer = new RawProducer()) {
            ServiceProcess first = ServiceProcess.start(properties(), port, log);
            try {
                producer.send(topics.monitorEvents(), "before", headers("threshold-breached", "before"),
                        breach("before", "replication.lag", "critical"));
                Awaitility.await().atMost(Duration.ofSeconds(120))
                        .until(() -> triggersByDedupKey().containsKey("before/replication.lag"));
            } finally {
                first.kill();
            }
            // while it is down: targets on both partitions
            IntStream.range(0, 6).forEach(i -> producer.send(topics.monitorEvents(), "gap" + i,
                    headers("threshold-breached", "gap" + i), breach("gap" + i, "replication.lag", "critical")));

            try (ServiceProcess restarted = ServiceProcess.start(properties(), port, log)) {
                long healthy = System.nanoTime();
                Awaitility.await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(100)).until(() -> triggersByDedupKey()
                        .keySet().stream().filter(k -> k.startsWith("gap")).count() == 6);
                System.out.printf("restart: the 6 events of the downtime delivered %d ms after the restarted instance was healthy%n",
                        (System.nanoTime() - healthy) / 1_000_000);
                Thread.sleep(2000);
                assertThat(triggersByDedupKey()).as("each delivered once").allSatisfy((key, count) ->
                        assertThat(count).as(key).isEqualTo(1L));
            }
        }
    }
}
