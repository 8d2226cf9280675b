package dev.dbops.backup.engine;

import dev.dbops.backup.pg.BackupTools;
import dev.dbops.backup.repository.BackupRepository;
import dev.dbops.backup.restore.RestoreJobs;
import dev.dbops.backup.restore.RestoreRun;
import dev.dbops.backup.restore.RestoreStatus;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.store.Verification;
import dev.dbops.backup.take.BackupJob;
import dev.dbops.common.target.TargetRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cleans up after an instance that died mid-work. Whoever holds a target's lock is the only one that
 * can be working on it, so anything still marked running for that target was left by a dead instance:
 * its backup is marked failed (BackupFailed) and its files removed, its drill goes back to pending (the
 * next drill empties the scratch database), its restore fails (RestoreFailed) and a database it created is dropped.
 * At start-up, before the engine's first poll, it removes staging files no running backup owns.
 */
@Component
class Recovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    static final String INTERRUPTED = "interrupted: backup-service stopped while the backup ran; "
            + "its partial files were removed";

    private final Backups backups;
    private final RestoreJobs restores;
    private final BackupRepository repository;
    private final BackupJob backupJob;
    private final RestoreRun restoreRun;
    private final TargetRegistry targets;
    private final TransactionTemplate tx;
    private volatile boolean started;

    Recovery(Backups backups, RestoreJobs restores, BackupRepository repository, BackupJob backupJob,
            RestoreRun restoreRun, TargetRegistry targets, TransactionTemplate tx) {
        this.backups = backups;
        this.restores = restores;
        this.repository = repository;
        this.backupJob = backupJob;
        this.restoreRun = restoreRun;
        this.targets = targets;
        this.tx = tx;
    }

    /** Recovers the target's orphaned work; the caller holds the target's lock. */
    void recover(String target) throws IOException {
        for (Backup b : backups.findByTargetAndStatusInOrderByRequestedAt(target, List.of(BackupStatus.RUNNING))) {
            stopOrphanedDump(target, b.backupId());
            repository.discard(target, b.backupId());
            backupJob.fail(b.backupId(), INTERRUPTED);
            log.warn("Recovered backup {} of target {}: marked failed, partial files removed", b.backupId(), target);
        }
        List<Backup> drills = backups.findByTargetAndVerification(target, Verification.RUNNING);
        if (!drills.isEmpty()) {
            // the scratch database they filled is emptied by the next drill
            tx.executeWithoutResult(status -> drills.forEach(b -> backups.findById(b.backupId()).ifPresent(fresh -> {
                fresh.verificationInterrupted();
                backups.save(fresh);
            })));
            log.warn("Recovered {} interrupted drill(s) of target {}", drills.size(), target);
        }
        restores.findByTargetAndStatusInOrderByRequestedAt(target, EnumSet.of(RestoreStatus.RUNNING))
                .forEach(r -> restoreRun.fail(r.requestId(),
                        "interrupted: backup-service stopped while the restore ran"));
    }

    /**
     * A pg_dump whose service died keeps running on its own; holding the target's lock, we know no live
     * instance runs this backup, so its sessions are ended and the orphan exits before its files go.
     */
    private void stopOrphanedDump(String target, String backupId) {
        targets.find(target).ifPresent(t -> {
            try (Connection c = t.connect();
                    PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                            + "FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, BackupTools.applicationNameOf(backupId));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) > 0) {
                        log.warn("Ended {} session(s) of the orphaned pg_dump of backup {}", rs.getInt(1), backupId);
                    }
                }
            } catch (SQLException e) {
                log.warn("Could not look for an orphaned pg_dump of backup {} on target {}: {}", backupId, target,
                        e.getMessage());
            }
        });
    }

    @Override
    public void start() {
        try {
            removeStrayStaging();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove stray staging files: {}", e.toString());
        }
        started = true;
    }

    /** Before the engine's worker loop (the default phase) starts, so no backup of this instance is staging yet. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Staging remains whose backup is not running anywhere (no catalog entry, or finished). */
    private void removeStrayStaging() throws IOException {
        for (String backupId : repository.staged()) {
            Backup backup = backups.findById(backupId).orElse(null);
            if (backup == null || backup.status() != BackupStatus.RUNNING) {
                repository.discard(backup == null ? "unknown" : backup.target(), backupId);
                log.warn("Removed stray staging files of backup {}", backupId);
            }
        }
    }
}
