package dev.dbops.migration.engine;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import dev.dbops.migration.MigrationServiceApplication;
import dev.dbops.migration.store.MigrationRequests;
import dev.dbops.migration.store.RequestStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SIGTERM (the context closing, as Spring Boot's shutdown hook closes it) while a step backs off from a
 * lock: the request stays RUNNING with nothing failed or undone, and the next start resumes it.
 */
class ShutdownResumeIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("shutdown_platform");
    @RegisterExtension
    static final TestDatabase locked = new TestDatabase("shutdown_target");

    @Test
    void aStopDuringALockBackOffLeavesTheRequestToTheNextStart() throws Exception {
        String id;
        TopicProbe events;
        try (ConfigurableApplicationContext first = start()) {
            events = new TopicProbe(first.getBean(TopicNames.class).migrationEvents());
            String toOne = request(first, "{\"targetVersion\":\"1\",");
            events.await(1, r -> toOne.equals(header(r, "ce_correlationid"))
                    && header(r, "ce_type").contains("migration-completed"), Duration.ofSeconds(90));

            try (Connection reader = TestPostgres.connect(locked.name())) {
                reader.setAutoCommit(false);
                reader.createStatement().execute("LOCK TABLE items IN ACCESS SHARE MODE");
                id = request(first, "{");
                MigrationRequests requests = first.getBean(MigrationRequests.class);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        requests.findById(id).map(r -> r.status() == RequestStatus.RUNNING).orElse(false));
                Thread.sleep(1500); // V2 got no lock within 200 ms and backs off for 3 s
                first.close(); // SIGTERM: the shutdown hook closes the context
                reader.rollback();
            }
        }
        assertThat(status(id)).isEqualTo("RUNNING");
        assertThat(events.drain(Duration.ofSeconds(2))).noneMatch(r -> id.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").matches(".*(migration-failed|migration-rolled-back).*"));
        assertThat(history()).containsExactly("1");

        try (ConfigurableApplicationContext next = start()) {
            events.await(1, r -> id.equals(header(r, "ce_correlationid"))
                    && header(r, "ce_type").contains("migration-completed"), Duration.ofSeconds(90));
        }
        events.close();
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(history()).containsExactly("1", "2");
    }

    private static ConfigurableApplicationContext start() {
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", platform.url());
        properties.put("spring.datasource.username", TestPostgres.USER);
        properties.put("spring.datasource.password", "");
        properties.put("dbops.targets.locked.url", locked.url());
        properties.put("dbops.targets.locked.username", TestPostgres.USER);
        properties.put("dbops.migration.targets.locked.project", Path.of("src/test/resources/projects/locked")
                .toAbsolutePath().toString());
        properties.put("dbops.migration.targets.locked.policy.backup-first", "false");
        properties.put("dbops.migration.targets.locked.policy.lock-probe", "false");
        properties.put("dbops.migration.targets.locked.policy.rehearsal", "false");
        properties.put("dbops.migration.targets.locked.policy.retries.max-attempts", "100");
        properties.put("dbops.migration.targets.locked.policy.retries.initial-backoff", "3s");
        properties.put("dbops.migration.targets.locked.policy.retries.max-backoff", "3s");
        properties.put("dbops.migration.worker.poll-interval", "100ms");
        properties.put("dbops.security.allowed-sources", "*");
        properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        properties.put("dbops.kafka.topic-prefix", TestKafka.topicPrefix("ShutdownResumeIT"));
        properties.put("dbops.kafka.partitions", "2");
        properties.put("spring.kafka.consumer.group-id", TestKafka.topicPrefix("ShutdownResumeIT") + "group");
        // as command-line arguments: they win over application.yml, as the test's settings must
        return new SpringApplicationBuilder(MigrationServiceApplication.class).run(properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static String request(ConfigurableApplicationContext context, String fieldsStart) {
        String id = UUID.randomUUID().toString();
        Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.migration-requested.v1", "locked");
        headers.put("ce_source", "/ops/kcat");
        try (RawProducer producer = new RawProducer()) {
            producer.send(context.getBean(TopicNames.class).migrationRequests(), "locked", headers, fieldsStart
                    + "\"requestId\":\"" + id + "\",\"target\":\"locked\",\"requestedBy\":\"test\",\"reason\":\"stop\"}");
        }
        return id;
    }

    private static String status(String id) throws Exception {
        return query(platform, "SELECT status FROM migration.migration_request WHERE request_id = '" + id + "'").get(0);
    }

    private static List<String> history() throws Exception {
        return query(locked, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    private static List<String> query(TestDatabase db, String sql) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = TestPostgres.connect(db.name()); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
