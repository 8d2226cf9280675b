package dev.dbops.backup.intake;

import dev.dbops.backup.restore.RestoreJob;
import dev.dbops.backup.restore.RestoreJobs;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.Backups;
import dev.dbops.common.engine.TargetWorkerLoop;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.event.RestoreRequested;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues requests in the catalog, in the caller's transaction: a request id seen before returns what it
 * queued then. The workers are woken after commit.
 */
@Component
public class BackupRequests {

    private final Backups backups;
    private final RestoreJobs restores;
    private final TargetWorkerLoop workers;
    private final Clock clock;

    BackupRequests(Backups backups, RestoreJobs restores, TargetWorkerLoop workers, Clock clock) {
        this.backups = backups;
        this.restores = restores;
        this.workers = workers;
        this.clock = clock;
    }

    /** Queues a backup; {@code correlationId} is carried by every event of this backup. */
    public Backup backup(BackupRequested request, @Nullable String correlationId) {
        return backups.findByRequestId(request.requestId()).orElseGet(() -> {
            wakeWorkersAfterCommit();
            return backups.save(new Backup(UUID.randomUUID().toString(), request.requestId(), correlationId,
                    request.target(), Objects.requireNonNullElse(request.reason(), BackupReason.MANUAL),
                    request.requestedBy(), clock.instant()));
        });
    }

    public RestoreJob restore(RestoreRequested request, @Nullable String correlationId) {
        return restores.findById(request.requestId()).orElseGet(() -> {
            wakeWorkersAfterCommit();
            return restores.save(new RestoreJob(request.requestId(), correlationId, request.target(),
                    request.backupId(), request.intoDatabase(), nonNull(request.tables()), nonNull(request.schemas()),
                    request.overwrite(), request.allowUnverified(), request.requestedBy(), clock.instant()));
        });
    }

    private static List<String> nonNull(@Nullable List<String> names) {
        return names == null ? List.of() : names;
    }

    private void wakeWorkersAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    workers.wakeUp();
                }
            });
        } else {
            workers.wakeUp();
        }
    }
}
