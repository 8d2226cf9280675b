package dev.dbops.common.inbox;

import dev.dbops.common.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At-least-once delivery made effectively-once: a consumer records each processed ce_id in the same
 * transaction as its effect, so a redelivered event finds its id and has no second effect.
 */
public class IdempotentConsumer {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public IdempotentConsumer(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Runs {@code effect} in a new transaction unless {@code consumer} already processed this event.
     *
     * @return false when the event was a duplicate and nothing ran
     */
    public <E extends CloudEvent<?>> boolean process(String consumer, E event, Consumer<E> effect) {
        Boolean processed = tx.execute(status -> {
            if (!claim(consumer, event.id())) {
                return false;
            }
            effect.accept(event);
            return true;
        });
        return Boolean.TRUE.equals(processed);
    }

    /** Records the event as processed in the caller's transaction; false when it already was. */
    public boolean claim(String consumer, String eventId) {
        return jdbc.update("INSERT INTO dbops_inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, eventId) == 1;
    }

    /**
     * Records many events as processed in the caller's transaction with one statement, for a consumer
     * that applies a whole poll at once.
     *
     * @return the ids that were new; the others were processed before and must have no second effect
     */
    public Set<String> claimAll(String consumer, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                INSERT INTO dbops_inbox (consumer, event_id) SELECT ?, unnest(?::text[])
                ON CONFLICT DO NOTHING RETURNING event_id""", String.class, consumer,
                eventIds.toArray(String[]::new)));
    }

    /** Forgets ids older than {@code retention}; redeliveries come within minutes, not weeks. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM dbops_inbox WHERE processed_at < now() - make_interval(secs => ?)",
                (double) retention.toSeconds());
    }
}
