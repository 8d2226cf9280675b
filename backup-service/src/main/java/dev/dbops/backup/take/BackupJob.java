package dev.dbops.backup.take;

import dev.dbops.backup.catalog.Backup;
import dev.dbops.backup.catalog.BackupFile;
import dev.dbops.backup.catalog.Backups;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.event.BackupFailed;
import dev.dbops.common.event.BackupStarted;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs one queued backup: BackupStarted, pg_dump into the repository, then BackupCompleted or BackupFailed. */
@Component
public class BackupJob {

    private static final Logger log = LoggerFactory.getLogger(BackupJob.class);

    private final Backups backups;
    private final BackupTaker taker;
    private final TargetRegistry targets;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    BackupJob(Backups backups, BackupTaker taker, TargetRegistry targets, EventPublisher events,
            TransactionTemplate tx, Clock clock) {
        this.backups = backups;
        this.taker = taker;
        this.targets = targets;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Runs the backup; the caller holds the target's lock. */
    public void run(String backupId) {
        Backup started = tx.execute(status -> {
            Backup backup = backups.findById(backupId).orElseThrow();
            Instant now = clock.instant();
            backup.started(now);
            events.publish(new BackupStarted(backup.backupId(), backup.target(), backup.reason(), backup.requestId(),
                    now), backup.correlationId());
            return backups.save(backup);
        });
        log.info("Backup {} of target {} started ({})", backupId, started.target(), started.reason());
        TakenBackup taken;
        try {
            Target target = targets.require(started.target());
            taken = taker.take(target, backupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(backupId, "interrupted: backup-service stopped while the backup ran");
            return;
        } catch (Exception e) {
            fail(backupId, describe(e));
            return;
        }
        tx.executeWithoutResult(status -> {
            Backup backup = backups.findById(backupId).orElseThrow();
            Manifest manifest = taken.manifest();
            Instant now = clock.instant();
            backup.completed(taken.location(), manifest.format(), manifest.compression(), manifest.serverVersion(),
                    manifest.files().stream().map(f -> new BackupFile(f.path(), f.sizeBytes(), f.sha256())).toList(),
                    taken.sizeBytes(), taken.manifestSha256(), manifest.rowCounts(), now);
            backups.save(backup);
            events.publish(new BackupCompleted(backupId, backup.target(), backup.reason(), backup.requestId(),
                    taken.sizeBytes(), taken.manifestSha256(), backup.durationMs(), taken.location(), now),
                    backup.correlationId());
        });
        log.info("Backup {} of target {} completed: {} bytes at {}", backupId, started.target(), taken.sizeBytes(),
                taken.location());
    }

    /** Marks the backup failed and says why in a BackupFailed; its files are already gone. */
    public void fail(String backupId, String cause) {
        String redacted = targets.redact(cause);
        tx.executeWithoutResult(status -> {
            Backup backup = backups.findById(backupId).orElseThrow();
            Instant now = clock.instant();
            backup.failed(redacted, now);
            backups.save(backup);
            events.publish(new BackupFailed(backupId, backup.target(), backup.reason(), backup.requestId(), redacted,
                    now), backup.correlationId());
        });
        log.warn("Backup {} failed: {}", backupId, redacted);
    }

    /** One sentence an on-call person can act on: what failed and the tool's or server's own words. */
    static String describe(Throwable e) {
        StringBuilder cause = new StringBuilder();
        for (Throwable t = e; t != null && cause.length() < 1000; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (cause.indexOf(message) < 0) {
                cause.append(cause.length() == 0 ? "" : ": ").append(message);
            }
        }
        return cause.toString();
    }
}
