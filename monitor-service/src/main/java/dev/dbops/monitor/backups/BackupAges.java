package dev.dbops.monitor.backups;

import dev.dbops.common.event.BackupCompleted;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import dev.dbops.monitor.store.LastBackup;
import dev.dbops.monitor.store.LastBackups;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The age of each target's newest backup, for the backup.age rule. Kept in memory in front of last_backup; a
 * target without any BackupCompleted seen has no reading (the rule is not evaluated for it).
 */
@Component
public class BackupAges {

    private final LastBackups lastBackups;
    private final Map<String, Instant> completedAt = new ConcurrentHashMap<>();

    BackupAges(LastBackups lastBackups) {
        this.lastBackups = lastBackups;
        lastBackups.findAll().forEach(b -> completedAt.put(b.target(), b.completedAt()));
    }

    /** Called inside the inbox transaction; the in-memory age moves only once it commits. */
    public void record(BackupCompleted completed, Instant now) {
        LastBackup last = lastBackups.findById(completed.target()).orElseGet(() -> new LastBackup(completed.target()));
        if (last.offer(completed.backupId(), completed.completedAt(), completed.sizeBytes(), now)) {
            lastBackups.save(last);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    completedAt.merge(completed.target(), completed.completedAt(), (a, b) -> a.isAfter(b) ? a : b);
                }
            });
        }
    }

    public Optional<Instant> lastCompleted(String target) {
        return Optional.ofNullable(completedAt.get(target));
    }

    public Optional<Reading> reading(String target, Instant now) {
        return lastCompleted(target).map(at -> {
            double hours = Math.max(0, Duration.between(at, now).toMillis() / 3_600_000.0);
            return Reading.of(Rule.BACKUP_AGE, hours, Map.of("lastBackupCompletedAt", at.toString()));
        });
    }
}
