package dev.dbops.alert.intake;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.inbox.IdempotentConsumer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the facts of the monitor, backup and migration services. Each event that matters for
 * alerting is applied once (the inbox), in one transaction with the deliveries it causes.
 */
@Component
class AlertEventListener {

    private static final Logger log = LoggerFactory.getLogger(AlertEventListener.class);
    static final String CONSUMER = "alert-intake";

    private final AlertRules rules;
    private final IdempotentConsumer inbox;
    private final AlertIntake intake;

    AlertEventListener(IntakeProperties properties, IdempotentConsumer inbox, AlertIntake intake) {
        this.rules = new AlertRules(properties);
        this.inbox = inbox;
        this.intake = intake;
    }

    @KafkaListener(topics = {"#{@topicNames.monitorEvents()}", "#{@topicNames.backupEvents()}",
            "#{@topicNames.migrationEvents()}"}, concurrency = "${dbops.alert.intake.concurrency:3}")
    void on(CloudEvent<?> event) {
        List<AlertChange> changes = rules.changes(event);
        if (changes.isEmpty()) {
            return;
        }
        boolean first = inbox.process(CONSUMER, event, e -> intake.apply(changes, e));
        if (!first) {
            log.info("Ignored redelivered {} {} for target {}", event.type(), event.id(), event.subject());
        } else if (log.isDebugEnabled()) {
            log.debug("Applied {} for target {}: {}", event.type(), event.subject(), changes);
        }
    }
}
