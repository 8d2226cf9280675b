package dev.dbops.common.outbox;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.cloudevents.EventType;
import dev.dbops.common.cloudevents.EventTypes;
import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.kafka.TopicNames;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes events with the state change that caused them: the event is written to the outbox in the
 * caller's transaction and sent by the {@link OutboxRelay} after commit. A rollback publishes nothing;
 * a crash after commit delays the event, never loses it.
 */
public class EventPublisher {

    private final JdbcTemplate jdbc;
    private final TopicNames topics;
    private final String source;
    private final OutboxRelay relay;
    private final Clock clock;

    public EventPublisher(JdbcTemplate jdbc, TopicNames topics, String source, OutboxRelay relay, Clock clock) {
        this.jdbc = jdbc;
        this.topics = topics;
        this.source = source;
        this.relay = relay;
        this.clock = clock;
    }

    /** Publishes an event that starts a saga or stands alone. */
    public <E extends DbopsEvent> CloudEvent<E> publish(E event) {
        return publish(event, null);
    }

    /** Publishes an event within the saga {@code correlationId}; must run inside a transaction. */
    public <E extends DbopsEvent> CloudEvent<E> publish(E event, @Nullable String correlationId) {
        return publishAll(List.of(event), correlationId).get(0);
    }

    /**
     * Publishes events in this order within the saga {@code correlationId} (null: each stands alone),
     * written to the outbox in one round trip; must run inside a transaction.
     */
    public <E extends DbopsEvent> List<CloudEvent<E>> publishAll(List<E> events, @Nullable String correlationId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("events are published with the state change that caused them: "
                    + "call publish inside a transaction");
        }
        List<CloudEvent<E>> published = new ArrayList<>(events.size());
        List<Object[]> rows = new ArrayList<>(events.size());
        for (E event : events) {
            EventType type = EventTypes.of(event);
            CloudEvent<E> cloudEvent = new CloudEvent<>(UUID.randomUUID().toString(), source, type.ceType(),
                    clock.instant(), event.target(), correlationId, event);
            published.add(cloudEvent);
            rows.add(new Object[] {cloudEvent.id(), topics.of(type.topic()), event.target(), type.ceType(), source,
                    Timestamp.from(cloudEvent.time()), correlationId, EventCodec.writeString(event)});
        }
        jdbc.batchUpdate("""
                INSERT INTO dbops_outbox (event_id, topic, event_key, ce_type, ce_source, ce_time, correlation_id, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
        return published;
    }
}
