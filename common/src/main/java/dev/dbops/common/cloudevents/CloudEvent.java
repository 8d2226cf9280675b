package dev.dbops.common.cloudevents;

import dev.dbops.common.event.DbopsEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A dbops event with its CloudEvents 1.0 attributes, as read from or written to a Kafka record.
 *
 * @param source the producer's URI reference, e.g. {@code /dbops/backup-service}
 * @param subject the target id
 * @param correlationId the saga this event belongs to (extension {@code correlationid})
 */
public record CloudEvent<E extends DbopsEvent>(String id, String source, String type, @Nullable Instant time,
        String subject, @Nullable String correlationId, E data) {

    /** The correlation id, or this event's own id when it starts a saga. */
    public String sagaId() {
        return correlationId != null ? correlationId : id;
    }
}
