package dev.dbops.common.kit;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A producer killed right after its commit publishes the event once it is back. */
class OutboxCrashIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("outbox_crash");

    @Test
    void anEventCommittedBeforeAKillIsPublishedAfterTheRestart() throws Exception {
        Map<String, String> properties = KitTestSupport.properties(db, "OutboxCrashIT");
        String requestId = UUID.randomUUID().toString();
        String topic = properties.get("dbops.kafka.topic-prefix") + "dbops.backup.requests";

        try (TopicProbe probe = new TopicProbe(topic)) {
            try (Connection relayBlocker = TestPostgres.connect(db.name()); Statement s = relayBlocker.createStatement()) {
                // Holding the relay's leader lock keeps the doomed process from sending before it dies.
                s.execute("SELECT pg_advisory_lock(hashtext('kit.dbops_outbox'))");
                // its output goes to a file: a pipe nobody reads until it exits fills up and blocks its logging
                Path log = Files.createTempFile("crashing-producer", ".log");
                Process producer = startCrashingProducer(properties, requestId, log);
                boolean exited = producer.waitFor(120, TimeUnit.SECONDS);
                String output = Files.readString(log, StandardCharsets.UTF_8);
                Files.delete(log);
                assertThat(exited).as(output).isTrue();
                assertThat(producer.exitValue()).as(output).isEqualTo(137);
                assertThat(output).contains("COMMITTED " + requestId);
            }
            assertThat(probe.drain(Duration.ofSeconds(2))).isEmpty();

            try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(KitTestApplication.class)
                    .properties(KafkaKitIT.toArgs(properties)).run()) {
                probe.await(1, r -> requestId.equals(header(r, "ce_correlationid")), Duration.ofSeconds(30));
                assertThat(probe.drain(Duration.ofSeconds(1)))
                        .filteredOn(r -> requestId.equals(header(r, "ce_correlationid"))).hasSize(1);
            }
        }
    }

    private static Process startCrashingProducer(Map<String, String> properties, String requestId, Path log)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DrequestId=" + requestId, "-cp", System.getProperty("java.class.path"),
                CrashingProducer.class.getName()));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
