package dev.dbops.common.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay against the real database, with the broker replaced by a recorder of what it was given. */
class OutboxRelayTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("outbox_relay");

    /** Records the ce_ids it is asked to send and runs {@code duringSend} at the first one. */
    static final class RecordingTemplate extends KafkaTemplate<String, Object> {

        final List<String> sent = new ArrayList<>();
        Runnable duringSend = () -> { };

        RecordingTemplate() {
            super(new DefaultKafkaProducerFactory<>(Map.of()));
        }

        @Override
        public CompletableFuture<SendResult<String, Object>> send(ProducerRecord<String, Object> record) {
            duringSend.run();
            duringSend = () -> { };
            sent.add(new String(record.headers().lastHeader("ce_id").value(), UTF_8));
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void anEventWhoseTransactionCommitsWhileABatchIsSentIsSentByTheNextBatch() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(db.url(), TestPostgres.USER, "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try (InputStream kit = getClass().getResourceAsStream("/db/dbops-kit/R__dbops_kit.sql")) {
            jdbc.execute(new String(kit.readAllBytes(), UTF_8));
        }
        RecordingTemplate kafka = new RecordingTemplate();
        OutboxRelay relay = new OutboxRelay(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                kafka, Duration.ofMillis(100), 100, Duration.ofSeconds(5));
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
        }

        assertThat(kafka.sent).containsExactly("early", "late");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dbops_outbox", Integer.class)).isZero();
    }

    private static void insert(Connection connection, String eventId) throws SQLException {
        connection.createStatement().executeUpdate("INSERT INTO dbops_outbox (event_id, topic, event_key, ce_type, "
                + "ce_source, ce_time, payload) VALUES ('" + eventId + "', 'dbops.backup.requests', 'orders', "
                + "'dev.dbops.backup-requested.v1', '/test', now(), '{}')");
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
