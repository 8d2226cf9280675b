package dev.dbops.common.kit;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.target.TargetRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A minimal service built on the kit: it consumes backup requests and records one effect per event. */
@SpringBootApplication
public class KitTestApplication {

    @Component
    static class EffectListener {

        private final TargetRegistry targets;
        private final IdempotentConsumer inbox;
        private final JdbcTemplate jdbc;

        EffectListener(TargetRegistry targets, IdempotentConsumer inbox, JdbcTemplate jdbc) {
            this.targets = targets;
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = "#{@topicNames.backupRequests()}")
        void on(CloudEvent<?> event) {
            targets.authorize(event);
            inbox.process("kit-test", event, e -> jdbc.update(
                    "INSERT INTO effect (event_id, target, request_id) VALUES (?, ?, ?)",
                    e.id(), e.subject(), ((BackupRequested) e.data()).requestId()));
        }
    }

    /** Records each backup fact it hears: facts from a source other than the backup-service's never arrive. */
    @Component
    static class FactListener {

        private final IdempotentConsumer inbox;
        private final JdbcTemplate jdbc;

        FactListener(IdempotentConsumer inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = "#{@topicNames.backupEvents()}")
        void on(CloudEvent<?> event) {
            if (event.data() instanceof BackupCompleted completed) {
                inbox.process("kit-test-facts", event, e -> jdbc.update(
                        "INSERT INTO effect (event_id, target, request_id) VALUES (?, ?, ?)",
                        e.id(), e.subject(), completed.backupId()));
            }
        }
    }

    /** A state change that publishes its event through the outbox. */
    @Component
    public static class StateChange {

        private final JdbcTemplate jdbc;
        private final EventPublisher events;

        StateChange(JdbcTemplate jdbc, EventPublisher events) {
            this.jdbc = jdbc;
            this.events = events;
        }

        @Transactional
        public void record(String requestId, dev.dbops.common.event.DbopsEvent event, boolean failAfterPublish) {
            jdbc.update("INSERT INTO state_change (request_id) VALUES (?)", requestId);
            events.publish(event, requestId);
            if (failAfterPublish) {
                throw new IllegalStateException("the state change failed after publishing");
            }
        }
    }
}
