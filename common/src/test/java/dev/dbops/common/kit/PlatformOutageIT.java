package dev.dbops.common.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.StalledPartitions;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The platform database becomes unreachable while a request arrives: the listener keeps retrying with
 * bounded back-off, its health DOWN, and carries the request out once when the database is back.
 */
class PlatformOutageIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("platform_outage");

    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(KitTestApplication.class)
                .properties(KafkaKitIT.toArgs(KitTestSupport.properties(db, "PlatformOutageIT")))
                .run();
    }

    @AfterAll
    static void stop() {
        reachable(true);
        app.close();
    }

    @Test
    void aRequestArrivingDuringAnOutageIsRetriedUntilTheDatabaseIsBackThenCarriedOutOnce() {
        TopicNames topics = app.getBean(TopicNames.class);
        HealthIndicator listeners = app.getBean("kafkaListenersHealthIndicator", HealthIndicator.class);
        StalledPartitions stalled = app.getBean(StalledPartitions.class);
        String request = UUID.randomUUID().toString();
        reachable(false);
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.backupRequests(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.backup-requested.v1", "orders"),
                    "{\"requestId\":\"" + request + "\",\"target\":\"orders\",\"reason\":\"manual\"}");
            // far more attempts than the old bounded retries (dead-lettered after 6 attempts)
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> stalled.current().values().stream()
                    .anyMatch(stall -> stall.attempts() >= 8));
            assertThat(listeners.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            reachable(true);
        }

        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        // the pool may still report its last failed connect for a moment after the database is back
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, request)).isEqualTo(1));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> listeners.health().getStatus().equals(Status.UP));
        try (TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.BACKUP_REQUESTS))) {
            assertThat(dlt.drain(Duration.ofSeconds(2))).isEmpty();
        }
    }

    /** Refuses (and cuts) every connection to the platform database, superusers' included, or allows them again. */
    private static void reachable(boolean allowed) {
        TestPostgres.execute("postgres", "ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS " + allowed);
        if (!allowed) {
            TestPostgres.execute("postgres",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
        }
    }
}
