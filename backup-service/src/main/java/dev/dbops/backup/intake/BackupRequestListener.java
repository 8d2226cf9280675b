package dev.dbops.backup.intake;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.RejectedEventException;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.event.RestoreRequested;
import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes BackupRequested and RestoreRequested off {@code dbops.backup.requests}: known target, allowed
 * source (for a restore, one of the target's restore sources besides), each ce_id once. The saga id (the request's ce_correlationid, else its own ce_id) is what every
 * event of the resulting backup or restore carries.
 */
@Component
class BackupRequestListener {

    private static final Logger log = LoggerFactory.getLogger(BackupRequestListener.class);
    static final String CONSUMER = "backup-requests";

    private final TargetRegistry targets;
    private final IdempotentConsumer inbox;
    private final BackupRequests requests;
    private final BackupSettings settings;

    BackupRequestListener(TargetRegistry targets, IdempotentConsumer inbox, BackupRequests requests,
            BackupSettings settings) {
        this.targets = targets;
        this.inbox = inbox;
        this.requests = requests;
        this.settings = settings;
    }

    @KafkaListener(topics = "#{@topicNames.backupRequests()}")
    void on(CloudEvent<?> event) {
        Target target = targets.authorize(event);
        if (event.data() instanceof RestoreRequested && settings.restoreOf(target.id()).allowedSources().stream()
                .noneMatch(pattern -> Target.matches(pattern, event.source()))) {
            throw new RejectedEventException("source '" + event.source() + "' is not allowed to restore backups of "
                    + "target '" + target.id() + "' (dbops.backup.targets." + target.id()
                    + ".restore.allowed-sources)");
        }
        boolean first = inbox.process(CONSUMER, event, e -> {
            if (e.data() instanceof BackupRequested r) {
                requests.backup(r, e.sagaId());
            } else if (e.data() instanceof RestoreRequested r) {
                requests.restore(r, e.sagaId());
            } else {
                throw new RejectedEventException(e.type() + " does not belong on the backup requests topic");
            }
        });
        log.info("{} {} for target {} from {}", first ? "Queued" : "Ignored duplicate", event.type(),
                event.subject(), event.source());
    }
}
