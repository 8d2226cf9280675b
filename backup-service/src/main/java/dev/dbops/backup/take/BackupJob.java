package dev.dbops.backup.take;

import dev.dbops.backup.metrics.BackupMetrics;
import dev.dbops.backup.progress.Estimate;
import dev.dbops.backup.progress.ProgressReports;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupFile;
import dev.dbops.backup.store.Backups;
import dev.dbops.common.event.BackupCompleted;
import dev.dbops.common.event.BackupFailed;
import dev.dbops.common.event.BackupProgress;
import dev.dbops.common.event.BackupStarted;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
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
    private final ProgressReports progress;
    private final BackupMetrics metrics;
    private final Clock clock;

    BackupJob(Backups backups, BackupTaker taker, TargetRegistry targets, EventPublisher events,
            TransactionTemplate tx, ProgressReports progress, BackupMetrics metrics, Clock clock) {
        this.backups = backups;
        this.taker = taker;
        this.targets = targets;
        this.events = events;
        this.tx = tx;
        this.progress = progress;
        this.metrics = metrics;
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
        long startNanos = System.nanoTime();
        TakenBackup taken;
        AtomicReference<RunningDump> dump = new AtomicReference<>();
        try (ProgressReports.Reporting reporting = progress.every(() -> report(started, dump.get()))) {
            Target target = targets.require(started.target());
            taken = taker.take(target, backupId, dump::set);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.backup(started.target(), BackupMetrics.Outcome.FAILED, since(startNanos));
            fail(backupId, "interrupted: backup-service stopped while the backup ran");
            return;
        } catch (Exception e) {
            metrics.backup(started.target(), BackupMetrics.Outcome.FAILED, since(startNanos));
            fail(backupId, describe(e));
            return;
        }
        metrics.backup(started.target(), BackupMetrics.Outcome.COMPLETED, since(startNanos));
        metrics.backupSize(started.target(), taken.sizeBytes());
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

    /** One BackupProgress in the outbox, once pg_dump runs. */
    private void report(Backup backup, @Nullable RunningDump dump) {
        if (dump == null) {
            return;
        }
        RunningDump.Sample sample = dump.sample();
        Long read = sample.bytesRead().isPresent() ? sample.bytesRead().getAsLong() : null;
        Long eta = read == null ? null : Estimate.secondsLeft(read, sample.databaseBytes(), sample.elapsed());
        long rate = Estimate.bytesPerSecond(sample.bytesDone(), sample.elapsed());
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            backups.recordProgress(backup.backupId(), sample.bytesDone(), rate, eta, now);
            events.publish(new BackupProgress(backup.backupId(), backup.target(), backup.requestId(),
                    sample.bytesDone(), read, sample.databaseBytes(), rate, eta, sample.elapsed().toMillis(), now),
                    backup.correlationId());
        });
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
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
