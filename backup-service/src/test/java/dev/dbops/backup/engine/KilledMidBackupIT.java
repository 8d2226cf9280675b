package dev.dbops.backup.engine;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service as its own process, killed with SIGKILL while pg_dump runs (held up by a table lock), then
 * started again: the backup ends up failed with BackupFailed, its files gone, the orphaned pg_dump ended.
 */
class KilledMidBackupIT {

    static final String PREFIX = TestKafka.topicPrefix("KilledMidBackupTest");

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_killed");

    @RegisterExtension
    static final TestDatabase orders = new TestDatabase("backup_killed_orders");

    final List<Process> services = new ArrayList<>();
    Path repository;

    @AfterEach
    void stop() throws Exception {
        for (Process p : services) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        if (repository != null) {
            try (Stream<Path> walk = Files.walk(repository)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aServiceKilledMidBackupLeavesNoHalfBackupAfterRestart() throws Exception {
        repository = Files.createTempDirectory("dbops-backup-killed-");
        orders.execute("CREATE TABLE items AS SELECT g AS id FROM generate_series(1, 1000) g");
        String requestId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        TopicNames topics = new TopicNames(PREFIX);

        try (Connection blocker = TestPostgres.connect(orders.name()); Statement lock = blocker.createStatement();
                TopicProbe events = new TopicProbe(topics.backupEvents())) {
            Process first = start("first");
            awaitUp(first, "first");
            blocker.setAutoCommit(false);
            lock.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE"); // pg_dump waits here: mid-backup

            Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.backup-requested.v1", "orders");
            headers.put("ce_correlationid", correlationId);
            try (RawProducer producer = new RawProducer()) {
                producer.send(topics.backupRequests(), "orders", headers, "{\"requestId\":\"" + requestId
                        + "\",\"target\":\"orders\",\"reason\":\"pre-migration\"}");
            }
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> dumpSessions(requestId) > 0
                    && hasStagedFiles());
            String backupId = backupIdOf(requestId);
            assertThat(status(backupId)).isEqualTo("RUNNING");

            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean-up of its own
            assertThat(dumpSessions(requestId)).as("the orphaned pg_dump still waits").isPositive();

            Process second = start("second");
            var failed = events.await(1, r -> "dev.dbops.backup-failed.v1".equals(header(r, "ce_type"))
                    && r.value().contains(backupId), Duration.ofSeconds(120)).get(0);
            assertThat(header(failed, "ce_correlationid")).isEqualTo(correlationId);
            assertThat(failed.value()).contains("interrupted");
            assertThat(status(backupId)).isEqualTo("FAILED");
            assertThat(repository.resolve(".staging").resolve(backupId)).doesNotExist();
            assertThat(repository.resolve("orders").resolve(backupId)).doesNotExist();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dumpSessions(requestId) == 0);
            blocker.rollback();
            assertThat(second.isAlive()).isTrue();
        }
    }

    private Process start(String name) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.dbops.backup.BackupServiceApplication",
                "--server.port=0",
                "--spring.datasource.url=" + platform.url(),
                "--spring.datasource.username=" + TestPostgres.USER,
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--dbops.kafka.topic-prefix=" + PREFIX,
                "--dbops.kafka.partitions=2",
                "--spring.kafka.consumer.group-id=" + PREFIX + "group",
                "--dbops.targets.orders.url=" + orders.url(),
                "--dbops.targets.orders.username=" + TestPostgres.USER,
                "--dbops.security.allowed-sources=*",
                "--dbops.backup.repository.path=" + repository,
                "--dbops.backup.dump.lock-wait-timeout=10m");
        Path log = Files.createTempFile("dbops-backup-killed-" + name + "-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        services.add(process);
        return process;
    }

    private void awaitUp(Process process, String name) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as(name + " service process").isTrue();
            try (Connection c = TestPostgres.connect(platform.name()); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables "
                            + "WHERE table_schema = 'backup' AND table_name = 'backup'")) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        });
    }

    private boolean hasStagedFiles() throws Exception {
        Path staging = repository.resolve(".staging");
        if (!Files.isDirectory(staging)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(staging)) {
            return walk.anyMatch(p -> !p.equals(staging));
        }
    }

    private long dumpSessions(String requestId) throws Exception {
        String backupId = backupIdOf(requestId);
        if (backupId == null) {
            return 0;
        }
        try (Connection c = TestPostgres.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                        + "'dbops-backup " + backupId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String backupIdOf(String requestId) throws Exception {
        return single("SELECT backup_id FROM backup.backup WHERE request_id = '" + requestId + "'");
    }

    private String status(String backupId) throws Exception {
        return single("SELECT status FROM backup.backup WHERE backup_id = '" + backupId + "'");
    }

    private String single(String sql) throws Exception {
        try (Connection c = TestPostgres.connect(platform.name()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            return null; // the schema is not there yet
        }
    }

    @SuppressWarnings("unused")
    private static String classpath() {
        return System.getProperty("java.class.path").replace(File.pathSeparator, "\n");
    }
}
