package dev.dbops.common.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay against the real database and the real broker, with a hook into the moment it sends. */
class OutboxRelayIT {

    static final String TOPIC = "t-outboxrelaytest.dbops.backup.requests";
    static final String LARGE_TOPIC = "t-outboxrelaytest.large.dbops.backup.requests";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("outbox_relay");

    /** A template on the test broker that runs {@code duringSend} at the first record it is given. */
    static final class HookedTemplate extends KafkaTemplate<String, Object> {

        Runnable duringSend = () -> { };

        HookedTemplate() {
            super(new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        }

        @Override
        public CompletableFuture<SendResult<String, Object>> send(ProducerRecord<String, Object> record) {
            duringSend.run();
            duringSend = () -> { };
            return super.send(record);
        }
    }

    @Test
    void anEventWhoseTransactionCommitsWhileABatchIsSentIsSentByTheNextBatch() throws Exception {
        createTopic(TOPIC);
        JdbcTemplate jdbc = kitTables();
        HookedTemplate kafka = new HookedTemplate();
        OutboxRelay relay = relay(jdbc, kafka);
        try (Connection late = DriverManager.getConnection(db.url(), TestPostgres.USER, "")) {
            // "late" takes the lower seq but commits only after the relay read the outbox
            late.setAutoCommit(false);
            insert(late, "late");
            try (Connection early = DriverManager.getConnection(db.url(), TestPostgres.USER, "")) {
                insert(early, "early");
            }
            kafka.duringSend = () -> commit(late);

            relay.relayBatch();
            relay.relayBatch();
        } finally {
            kafka.destroy();
        }

        try (TopicProbe topic = new TopicProbe(TOPIC)) {
            assertThat(topic.await(2, Duration.ofSeconds(30))).extracting(r -> TopicProbe.header(r, "ce_id"))
                    .containsExactly("early", "late");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dbops_outbox", Integer.class)).isZero();
    }

    @Test
    void anEventTooLargeForKafkaIsParkedWithTheReasonAndTheEventsBehindItGoOut() throws Exception {
        createTopic(LARGE_TOPIC);
        JdbcTemplate jdbc = kitTables();
        HookedTemplate kafka = new HookedTemplate();
        OutboxRelay relay = relay(jdbc, kafka);
        try (Connection connection = DriverManager.getConnection(db.url(), TestPostgres.USER, "")) {
            // the producer's max.request.size is 1 MiB
            insert(connection, "huge", LARGE_TOPIC, "{\"rows\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            insert(connection, "behind", LARGE_TOPIC, "{}");

            relay.relayBatch();
        } finally {
            kafka.destroy();
        }

        try (TopicProbe topic = new TopicProbe(LARGE_TOPIC)) {
            assertThat(topic.await(1, Duration.ofSeconds(30))).extracting(r -> TopicProbe.header(r, "ce_id"))
                    .containsExactly("behind");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dbops_outbox", Integer.class)).isZero();
        assertThat(jdbc.queryForList("SELECT event_id || ': ' || reason FROM dbops_outbox_parked", String.class))
                .singleElement().asString().startsWith("huge: The message is ").contains("larger than");
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private JdbcTemplate kitTables() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), TestPostgres.USER, ""));
        try (InputStream kit = getClass().getResourceAsStream("/db/dbops-kit/R__dbops_kit.sql")) {
            jdbc.execute(new String(kit.readAllBytes(), UTF_8));
        }
        return jdbc;
    }

    private static OutboxRelay relay(JdbcTemplate jdbc, HookedTemplate kafka) {
        return new OutboxRelay(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())),
                kafka, Duration.ofMillis(100), 100, Duration.ofSeconds(30));
    }

    private static void insert(Connection connection, String eventId) throws SQLException {
        insert(connection, eventId, TOPIC, "{}");
    }

    private static void insert(Connection connection, String eventId, String topic, String payload)
            throws SQLException {
        try (var insert = connection.prepareStatement("INSERT INTO dbops_outbox (event_id, topic, event_key, ce_type, "
                + "ce_source, ce_time, payload) VALUES (?, ?, 'orders', 'dev.dbops.backup-requested.v1', '/test', now(), ?)")) {
            insert.setString(1, eventId);
            insert.setString(2, topic);
            insert.setString(3, payload);
            insert.executeUpdate();
        }
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
