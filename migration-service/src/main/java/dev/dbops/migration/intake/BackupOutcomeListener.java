package dev.dbops.migration.intake;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.event.BackupFailed;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import dev.dbops.migration.store.BackupOutcome;
import dev.dbops.migration.store.RequestStatus;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hears the backup-service's answer to a pre-migration BackupRequested: the BackupCompleted or BackupFailed
 * whose correlation id is the migration request's id. Every other backup event is none of its business.
 */
@Component
class BackupOutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(BackupOutcomeListener.class);
    static final String CONSUMER = "migration-backup-outcomes";

    private final IdempotentConsumer inbox;
    private final MigrationRequests requests;
    private final Clock clock;

    BackupOutcomeListener(IdempotentConsumer inbox, MigrationRequests requests, Clock clock) {
        this.inbox = inbox;
        this.requests = requests;
        this.clock = clock;
    }

    @KafkaListener(topics = "#{@topicNames.backupEvents()}")
    void on(CloudEvent<?> event) {
        if (event.data() instanceof BackupCompleted c && c.reason() == BackupReason.PRE_MIGRATION) {
            inbox.process(CONSUMER, event, e -> waiting(event, c.requestId()).ifPresent(request -> {
                request.backupOutcome(BackupOutcome.COMPLETED, c.backupId(), "backup " + c.backupId() + " completed", clock.instant());
                requests.save(request);
                log.info("Backup {} of target {} completed for migration request {}", c.backupId(), c.target(),
                        request.requestId());
            }));
        } else if (event.data() instanceof BackupFailed f && f.reason() == BackupReason.PRE_MIGRATION) {
            inbox.process(CONSUMER, event, e -> waiting(event, f.requestId()).ifPresent(request -> {
                request.backupOutcome(BackupOutcome.FAILED, f.backupId(), "backup failed: " + f.cause(), clock.instant());
                requests.save(request);
                log.info("Backup of target {} failed for migration request {}: {}", f.target(), request.requestId(),
                        f.cause());
            }));
        }
    }

    /**
     * The request awaiting this backup: by correlation id, or by the BackupRequested's own id; and only when
     * the outcome is for the request's target and for the backup the saga asked for, so that an outcome of
     * another backup (mistaken or forged) never starts a migration.
     */
    private Optional<MigrationRequest> waiting(CloudEvent<?> event, String backupRequestId) {
        Optional<MigrationRequest> request = event.correlationId() == null ? Optional.empty()
                : requests.findById(event.correlationId());
        if (request.isEmpty() && backupRequestId != null) {
            request = requests.findByBackupRequestId(backupRequestId);
        }
        return request.filter(r -> r.status() == RequestStatus.AWAITING_BACKUP && r.backupOutcome() == null)
                .filter(r -> {
                    boolean asked = r.target().equals(event.data().target())
                            && r.backupRequestId() != null && r.backupRequestId().equals(backupRequestId);
                    if (!asked) {
                        log.warn("Ignored a backup outcome for target {} and backup request {}: migration request {}"
                                + " waits for backup request {} of target {}", event.data().target(), backupRequestId,
                                r.requestId(), r.backupRequestId(), r.target());
                    }
                    return asked;
                });
    }
}
