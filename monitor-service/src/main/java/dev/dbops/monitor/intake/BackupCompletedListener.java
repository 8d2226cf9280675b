package dev.dbops.monitor.intake;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.monitor.backups.BackupAges;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Remembers each target's newest BackupCompleted; every other backup event, and backups of targets this
 * monitor does not watch, are ignored (they are facts for others, not mistakes to dead-letter).
 */
@Component
class BackupCompletedListener {

    private static final Logger log = LoggerFactory.getLogger(BackupCompletedListener.class);
    static final String CONSUMER = "monitor-backup-events";

    private final TargetRegistry targets;
    private final IdempotentConsumer inbox;
    private final BackupAges ages;
    private final Clock clock;

    BackupCompletedListener(TargetRegistry targets, IdempotentConsumer inbox, BackupAges ages, Clock clock) {
        this.targets = targets;
        this.inbox = inbox;
        this.ages = ages;
        this.clock = clock;
    }

    @KafkaListener(topics = "#{@topicNames.backupEvents()}")
    void on(CloudEvent<?> event) {
        if (!(event.data() instanceof BackupCompleted completed) || targets.find(completed.target()).isEmpty()) {
            return;
        }
        boolean first = inbox.process(CONSUMER, event, e -> ages.record(completed, clock.instant()));
        log.info("{} backup {} of target {} completed at {}", first ? "Noted" : "Ignored duplicate of",
                completed.backupId(), completed.target(), completed.completedAt());
    }
}
