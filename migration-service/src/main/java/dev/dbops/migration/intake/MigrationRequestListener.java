package dev.dbops.migration.intake;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.RejectedEventException;
import dev.dbops.common.event.MigrationRequested;
import dev.dbops.common.event.RollbackRequested;
import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.target.TargetRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Accepts migration and rollback requests: known target, allowed source, each request once. */
@Component
class MigrationRequestListener {

    private static final Logger log = LoggerFactory.getLogger(MigrationRequestListener.class);
    static final String CONSUMER = "migration-requests";

    private final TargetRegistry targets;
    private final IdempotentConsumer inbox;
    private final RequestIntake intake;

    MigrationRequestListener(TargetRegistry targets, IdempotentConsumer inbox, RequestIntake intake) {
        this.targets = targets;
        this.inbox = inbox;
        this.intake = intake;
    }

    @KafkaListener(topics = "#{@topicNames.migrationRequests()}")
    void on(CloudEvent<?> event) {
        targets.authorize(event);
        boolean first = inbox.process(CONSUMER, event, this::accept);
        log.info("{} {} for target {} from {}", first ? "Accepted" : "Ignored duplicate", event.type(),
                event.subject(), event.source());
    }

    private void accept(CloudEvent<?> event) {
        if (event.data() instanceof MigrationRequested r) {
            intake.accept(r, event.source());
        } else if (event.data() instanceof RollbackRequested r) {
            intake.accept(r, event.source());
        } else {
            throw new RejectedEventException(event.type() + " does not belong on the migration requests topic");
        }
    }
}
