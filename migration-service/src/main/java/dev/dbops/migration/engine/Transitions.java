package dev.dbops.migration.engine;

import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A request's state change and the events it causes, in one platform transaction (the outbox relays them
 * after commit, all carrying the request id as correlation id): a crash publishes both or neither.
 */
@Component
class Transitions {

    private final MigrationRequests requests;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    Transitions(MigrationRequests requests, EventPublisher events, TransactionTemplate tx, Clock clock) {
        this.requests = requests;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Applies {@code change} to the request as stored now, saves it and publishes {@code published}. */
    MigrationRequest apply(String requestId, Consumer<MigrationRequest> change, List<? extends DbopsEvent> published) {
        return tx.execute(status -> {
            MigrationRequest request = requests.findById(requestId).orElseThrow();
            change.accept(request);
            MigrationRequest saved = requests.save(request);
            published.forEach(event -> events.publish(event, requestId));
            return saved;
        });
    }
}
