package dev.dbops.backup.flow;

import static dev.dbops.backup.flow.BackupEvents.field;
import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * A backup and a restore that last a few seconds report how far they are while they run, then their outcome;
 * afterwards Prometheus finds their durations and the backup's size.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ProgressAndMetricsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String TOKEN = "Bearer progress-token";

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_progress");

    @RegisterExtension
    static final TestDatabase big = new TestDatabase("backup_progress_big");

    @TempDir
    static Path repository;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        big.registerAsTarget(registry, "big");
        registry.add("dbops.security.allowed-sources", () -> "*");
        registry.add("dbops.backup.targets.big.restore.allowed-sources[0]", () -> "*");
        registry.add("dbops.backup.repository.path", () -> repository.toString());
        // short enough that the restore, which takes a fraction of a second on a quiet machine, reports too
        registry.add("dbops.backup.progress.interval", () -> "50ms");
        // gzip -9 on one job makes a few MB of data take seconds to dump, so the test needs little data
        registry.add("dbops.backup.dump.compress-level", () -> "9");
        registry.add("dbops.backup.dump.jobs", () -> "1");
        registry.add("dbops.backup.verify.drill", () -> "false");
        registry.add("dbops.api.token", () -> "progress-token");
        TestKafka.register(registry, "ProgressAndMetricsTest");
    }

    @BeforeAll
    static void data() {
        big.execute("CREATE TABLE readings AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) AS value "
                + "FROM generate_series(1, 150000) g");
        // the restore builds this index after the data: more restore time for progress to be seen in
        big.execute("CREATE INDEX readings_value ON readings (value)");
    }

    @Autowired
    TopicNames topics;

    @LocalServerPort
    int port;

    @Test
    void aLongBackupAndRestoreReportProgressBeforeTheirOutcomeAndPrometheusSeesTheirDurations() throws Exception {
        String into = "dbops_test_progress_" + UUID.randomUUID().toString().substring(0, 8);
        try (BackupEvents events = new BackupEvents(topics.backupEvents()); RawProducer producer = new RawProducer()) {
            String requestId = UUID.randomUUID().toString();
            rest().post().uri("/api/backups").header("Authorization", TOKEN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("target", "big", "requestId", requestId)).retrieve().toBodilessEntity();
            ConsumerRecord<String, String> completed = events.record("backup-completed", field("requestId", requestId),
                    TIMEOUT);
            String backupId = BackupEvents.json(completed.value()).path("backupId").asString();
            List<ConsumerRecord<String, String>> progress = ofType(events, "backup-progress", "backupId", backupId);

            assertThat(progress).as("a backup of several seconds reports every 50 ms").hasSizeGreaterThanOrEqualTo(2);
            assertInOrderBefore(progress, completed);
            List<JsonNode> samples = progress.stream().map(r -> BackupEvents.json(r.value())).toList();
            assertThat(samples).extracting(s -> s.path("bytesDone").asLong()).isSorted();
            assertThat(samples.get(samples.size() - 1).path("bytesDone").asLong())
                    .isGreaterThan(samples.get(0).path("bytesDone").asLong());
            assertThat(samples).allSatisfy(s -> {
                assertThat(s.path("requestId").asString()).isEqualTo(requestId);
                assertThat(s.path("databaseBytes").asLong()).isPositive();
            });
            assertThat(samples.get(samples.size() - 1).path("bytesPerSecond").asLong()).isPositive();
            assertThat(samples.get(samples.size() - 1).path("bytesRead").asLong()).as("Linux's /proc").isPositive();
            assertThat(samples.get(samples.size() - 1).path("bytesDone").asLong())
                    .isLessThanOrEqualTo(BackupEvents.json(completed.value()).path("sizeBytes").asLong());

            assertThat(get("/api/backups/" + backupId).path("progress").path("bytesDone").asLong())
                    .as("REST keeps the latest report")
                    .isEqualTo(samples.get(samples.size() - 1).path("bytesDone").asLong());

            events.await("backup-verified", field("backupId", backupId), TIMEOUT);
            String restoreId = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "big",
                    RawProducer.cloudEventHeaders("dev.dbops.restore-requested.v1", "big"),
                    "{\"requestId\":\"" + restoreId + "\",\"target\":\"big\",\"backupId\":\"" + backupId
                            + "\",\"intoDatabase\":\"" + into + "\"}");
            ConsumerRecord<String, String> restored = events.record("restore-completed", field("requestId", restoreId),
                    TIMEOUT);
            List<ConsumerRecord<String, String>> restoring = ofType(events, "restore-progress", "requestId", restoreId);
            assertThat(restoring).hasSizeGreaterThanOrEqualTo(1);
            assertInOrderBefore(restoring, restored);
            JsonNode last = BackupEvents.json(restoring.get(restoring.size() - 1).value());
            assertThat(last.path("bytesTotal").asLong()).isPositive();
            assertThat(last.path("bytesDone").asLong()).isBetween(1L, last.path("bytesTotal").asLong());
            assertThat(last.path("tablesTotal").asInt()).isEqualTo(1);
            assertThat(get("/api/restores/" + restoreId).path("progress").path("bytesDone").asLong())
                    .isEqualTo(last.path("bytesDone").asLong());

            String scrape = rest().get().uri("/actuator/prometheus").retrieve().body(String.class);
            assertThat(scrape)
                    .containsPattern("(?m)^dbops_backup_duration_seconds_count\\{[^}]*outcome=\"completed\""
                            + "[^}]*target=\"big\"[^}]*\\} 1")
                    .containsPattern("(?m)^dbops_backup_size_bytes_sum\\{[^}]*target=\"big\"[^}]*\\} [1-9]")
                    .containsPattern("(?m)^dbops_restore_duration_seconds_count\\{[^}]*outcome=\"completed\""
                            + "[^}]*target=\"big\"[^}]*\\} 1")
                    .containsPattern("(?m)^dbops_drill_duration_seconds_count\\{[^}]*outcome=\"verified\""
                            + "[^}]*target=\"big\"[^}]*\\} 1");
        } finally {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + into + " WITH (FORCE)");
        }
    }

    /** The records of one ce_type and one backup or restore seen so far, in the order they were written. */
    private static List<ConsumerRecord<String, String>> ofType(BackupEvents events, String type, String field,
            String value) {
        return events.all(field(field, value), Duration.ZERO).stream()
                .filter(r -> BackupEvents.ceType(type).equals(header(r, "ce_type")))
                .sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList();
    }

    private static void assertInOrderBefore(List<ConsumerRecord<String, String>> progress,
            ConsumerRecord<String, String> outcome) {
        for (ConsumerRecord<String, String> record : progress) {
            BackupEvents.assertValid(header(record, "ce_type").replaceAll("^dev\\.dbops\\.|\\.v1$", ""),
                    record.value());
            assertThat(record.partition()).isEqualTo(outcome.partition());
            assertThat(record.offset()).isLessThan(outcome.offset());
            assertThat(header(record, "ce_correlationid")).isEqualTo(header(outcome, "ce_correlationid"));
        }
    }

    private JsonNode get(String path) {
        return rest().get().uri(path).header("Authorization", TOKEN).retrieve().body(JsonNode.class);
    }

    private RestClient rest() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
