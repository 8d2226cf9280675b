package dev.dbops.monitor.breaches;

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
import dev.dbops.monitor.MonitorServiceApplication;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** A restart neither re-emits an open breach nor forgets it: the monitor runs three times on one schema. */
class BreachRestartIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("monitor_restart");

    @RegisterExtension
    static final TestDatabase target = new TestDatabase("monitor_restart_target");

    private static ConfigurableApplicationContext start(String targetUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", platform.url());
        props.put("spring.datasource.username", TestPostgres.USER);
        props.put("spring.datasource.password", "");
        props.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        props.put("dbops.kafka.topic-prefix", TestKafka.topicPrefix("BreachRestartIntegrationTest"));
        props.put("dbops.kafka.partitions", "2");
        props.put("spring.kafka.consumer.group-id", TestKafka.topicPrefix("BreachRestartIntegrationTest") + "group");
        props.put("dbops.targets.orders.url", targetUrl);
        props.put("dbops.targets.orders.username", TestPostgres.USER);
        props.put("dbops.monitor.poll.interval", "500ms");
        props.put("dbops.monitor.poll.connect-timeout", "1s");
        props.put("dbops.monitor.rules.breach-after", "2");
        props.put("dbops.monitor.rules.clear-after", "2");
        // As arguments: they win over application.yml, as the local stack's configuration does.
        return new SpringApplicationBuilder(MonitorServiceApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @Test
    void anOpenBreachSurvivesRestartsAndResolvesOnce() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String down = "jdbc:postgresql://127.0.0.1:" + closedPort + "/orders";
        String topic = new TopicNames(TestKafka.topicPrefix("BreachRestartIntegrationTest")).monitorEvents();
        try (TopicProbe events = new TopicProbe(topic)) {
            JsonNode breached;
            try (ConfigurableApplicationContext first = start(down)) {
                breached = json(events.await(1, event(BREACHED, "orders", "target.reachable", 0),
                        Duration.ofSeconds(30)).get(0));
            }
            try (ConfigurableApplicationContext second = start(down)) {
                Thread.sleep(3_000);   // six polls, all unreachable
            }
            // Distinct ce_ids: a relay stopped between send and delete sends the same record again (at-least-once,
            // absorbed by consumers); a second breach fact would have an id of its own.
            assertThat(distinctIds(events.drain(Duration.ofSeconds(1)), BREACHED))
                    .as("the restarted monitor remembered the breach instead of emitting it again").isEqualTo(1);
            try (ConfigurableApplicationContext third = start(target.url())) {
                JsonNode resolved = json(events.await(1, event(RESOLVED, "orders", "target.reachable", 0),
                        Duration.ofSeconds(30)).get(0));
                assertThat(resolved.path("breachedAt").asString()).isEqualTo(breached.path("since").asString());
                Thread.sleep(1_500);
            }
            assertThat(distinctIds(events.drain(Duration.ofSeconds(1)), RESOLVED)).isEqualTo(1);
        }
    }

    private static long distinctIds(List<ConsumerRecord<String, String>> records, String type) {
        return records.stream().filter(event(type, "orders", "target.reachable", 0))
                .map(r -> TopicProbe.header(r, "ce_id")).distinct().count();
    }
}
