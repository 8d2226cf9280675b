package dev.dbops.backup.restore;

import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.take.BackupJob;
import dev.dbops.common.event.BackupReason;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backup of a target's own database that an overwrite restore takes first, in the catalog like any
 * other (BackupStarted, BackupCompleted, a drill, retention), so what the restore replaces can be restored.
 */
@Component
class SafetyBackup {

    private final Backups backups;
    private final BackupJob backupJob;
    private final TransactionTemplate tx;
    private final Clock clock;

    SafetyBackup(Backups backups, BackupJob backupJob, TransactionTemplate tx, Clock clock) {
        this.backups = backups;
        this.backupJob = backupJob;
        this.tx = tx;
        this.clock = clock;
    }

    /** Takes it now (the caller holds the target's lock) and returns its id, or refuses the restore. */
    String take(RestoreJob restore) throws RestoreRefused, InterruptedException {
        String backupId = UUID.randomUUID().toString();
        tx.executeWithoutResult(status -> backups.save(new Backup(backupId, "safety-" + restore.requestId(),
                restore.correlationId(), restore.target(), BackupReason.MANUAL,
                "dbops: before restore " + restore.requestId(), clock.instant())));
        backupJob.run(backupId);
        if (Thread.interrupted()) {
            throw new InterruptedException("stopped during the safety backup " + backupId);
        }
        Backup taken = backups.findById(backupId).orElseThrow();
        if (taken.status() != BackupStatus.COMPLETED) {
            throw new RestoreRefused("the safety backup " + backupId + " of database " + restore.intoDatabase()
                    + " failed, so it is not overwritten: " + taken.failureCause());
        }
        return backupId;
    }
}
