package dev.dbops.common.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.CloudEventRecords;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows to Kafka in the order they were written, then deletes them. One relay per schema
 * is active at a time (an advisory lock), which keeps per-target order across instances of a service.
 * A crash between send and delete re-sends with the same ce_id; consumers are idempotent on it. A row
 * Kafka refuses as too large is parked in {@code dbops_outbox_parked} with the reason, never retried.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaOperations<String, Object> kafka;
    private final Duration pollInterval;
    private final int batchSize;
    private final Duration sendTimeout;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, KafkaOperations<String, Object> kafka,
            Duration pollInterval, int batchSize, Duration sendTimeout) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
    }

    void wakeUp() {
        wakeUps.release();
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::run, "dbops-outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        // Rows of an interrupted batch stay in the outbox and go out after the next start.
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backOff = pollInterval;
        while (running) {
            try {
                int sent = relayBatch();
                backOff = pollInterval;
                if (sent == batchSize) {
                    continue;
                }
            } catch (RuntimeException e) {
                log.warn("Outbox relay could not send; retrying in {} ms: {}", backOff.toMillis(), e.getMessage());
                sleep(backOff);
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10) : backOff.multipliedBy(2);
                continue;
            }
            sleep(pollInterval);
        }
    }

    private void sleep(Duration duration) {
        try {
            if (wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Sends one batch in order; returns how many rows it sent. */
    int relayBatch() {
        Integer sent = tx.execute(status -> {
            Boolean leader = jdbc.queryForObject(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.dbops_outbox'))", Boolean.class);
            if (!Boolean.TRUE.equals(leader)) {
                return 0;
            }
            List<OutboxRow> rows = jdbc.query("""
                    SELECT seq, event_id, topic, event_key, ce_type, ce_source, ce_time, correlation_id, payload
                    FROM dbops_outbox ORDER BY seq LIMIT ?""", OutboxRelay::row, batchSize);
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
            for (OutboxRow row : rows) {
                sends.add(send(row));
            }
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            List<Long> done = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                try {
                    sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!(rootCause(e) instanceof RecordTooLargeException tooLarge)) {
                        throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
                    }
                    park(row, tooLarge.getMessage());
                } catch (InterruptedException | TimeoutException e) {
                    throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
                }
                done.add(row.seq());
            }
            // exactly the rows sent or parked: a row with a lower seq whose transaction committed after the
            // SELECT is visible to this statement but was not sent
            jdbc.update("DELETE FROM dbops_outbox WHERE seq = ANY (?)", (Object) done.toArray(Long[]::new));
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    /** The send's outcome; the producer refuses a record too large for it already in send(). */
    private CompletableFuture<?> send(OutboxRow row) {
        try {
            return kafka.send(row.record());
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A row Kafka will never accept: kept aside with the reason, so the events behind it go out. */
    private void park(OutboxRow row, String reason) {
        jdbc.update("""
                INSERT INTO dbops_outbox_parked (seq, event_id, topic, event_key, ce_type, ce_source, ce_time,
                    correlation_id, payload, reason)
                SELECT seq, event_id, topic, event_key, ce_type, ce_source, ce_time, correlation_id, payload, ?
                FROM dbops_outbox WHERE seq = ?""", reason, row.seq());
        log.error("Parked outbox event {} ({}, {} bytes) in dbops_outbox_parked; Kafka refuses it: {}",
                row.attributes().id(), row.attributes().type(), row.payload().length(), reason);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static OutboxRow row(ResultSet rs, int i) throws SQLException {
        return new OutboxRow(rs.getLong("seq"), rs.getString("topic"),
                new CloudEvent<>(rs.getString("event_id"), rs.getString("ce_source"), rs.getString("ce_type"),
                        rs.getTimestamp("ce_time").toInstant(), rs.getString("event_key"),
                        rs.getString("correlation_id"), null),
                rs.getString("payload"));
    }

    private record OutboxRow(long seq, String topic, CloudEvent<?> attributes, String payload) {

        @SuppressWarnings({"unchecked", "rawtypes"})
        ProducerRecord<String, Object> record() {
            return (ProducerRecord) CloudEventRecords.toRecord(topic, attributes, payload.getBytes(UTF_8));
        }
    }
}
