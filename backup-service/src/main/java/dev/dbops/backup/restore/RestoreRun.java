package dev.dbops.backup.restore;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.encryption.DumpEncryption;
import dev.dbops.backup.metrics.BackupMetrics;
import dev.dbops.backup.progress.Estimate;
import dev.dbops.backup.progress.ProgressReports;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.take.Manifest;
import dev.dbops.backup.verify.RowCountSummary;
import dev.dbops.common.event.RestoreCompleted;
import dev.dbops.common.event.RestoreFailed;
import dev.dbops.common.event.RestoreProgress;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.pgtools.RunningTool;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one queued restore and states the outcome: RestoreCompleted or RestoreFailed. pg_restore only ever
 * writes into a database this restore created. Over an existing database (when the target allows it): a
 * safety backup first when it is the target's own, the restore into a staging database, and only after
 * that succeeded a swap by rename; the replaced database is kept, renamed, until retention drops it.
 */
@Component
public class RestoreRun {

    private static final Logger log = LoggerFactory.getLogger(RestoreRun.class);

    private final RestoreJobs jobs;
    private final Backups backups;
    private final Restorer restorer;
    private final RestoreGuard guard;
    private final SafetyBackup safetyBackup;
    private final BackupSettings settings;
    private final TargetRegistry targets;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final ProgressReports progress;
    private final BackupMetrics metrics;
    private final Clock clock;

    RestoreRun(RestoreJobs jobs, Backups backups, Restorer restorer, RestoreGuard guard, SafetyBackup safetyBackup,
            BackupSettings settings, TargetRegistry targets, EventPublisher events, TransactionTemplate tx,
            ProgressReports progress, BackupMetrics metrics, Clock clock) {
        this.jobs = jobs;
        this.backups = backups;
        this.restorer = restorer;
        this.guard = guard;
        this.safetyBackup = safetyBackup;
        this.settings = settings;
        this.targets = targets;
        this.events = events;
        this.tx = tx;
        this.progress = progress;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the restore; the caller holds the target's lock. */
    public void run(String requestId) throws InterruptedException {
        RestoreJob job = update(requestId, j -> j.started(clock.instant()));
        log.info("Restore {} of backup {} into database {} started", requestId, job.backupId(), job.intoDatabase());
        Target target = targets.require(job.target());
        long startNanos = System.nanoTime();
        try {
            Backup backup = backups.findById(job.backupId())
                    .orElseThrow(() -> new RestoreRefused("backup " + job.backupId() + " is not in the catalog"));
            Manifest manifest = guard.checkBackup(job, backup);
            Restorer.Plan plan = restorer.plan(job, manifest);
            guard.checkDatabase(job.intoDatabase(), target);
            Map<String, Long> counts;
            try (DumpEncryption.PlainCopy readable = restorer.readable(backup, manifest)) {
                boolean exists = OwnedDatabases.exists(target, job.intoDatabase());
                String into = exists ? stage(job, plan, target) : job.intoDatabase();
                OwnedDatabases.create(target, into, requestId);
                update(requestId, RestoreJob::createdDatabase);
                long archiveBytes = backup.sizeBytes() == null ? 0 : backup.sizeBytes();
                AtomicReference<Reading> reading = new AtomicReference<>();
                try (ProgressReports.Reporting reporting = progress.every(() -> report(job, reading.get()))) {
                    counts = restorer.restore(plan, readable, target, into, pgRestore -> reading.set(
                            new Reading(pgRestore, archiveBytes, plan.counted().size(), System.nanoTime())));
                }
                if (exists) {
                    swap(requestId, target, into, job.intoDatabase());
                }
            }
            tx.executeWithoutResult(status -> {
                RestoreJob j = jobs.findById(requestId).orElseThrow();
                Instant now = clock.instant();
                j.completed(now);
                jobs.save(j);
                RowCountSummary summary = RowCountSummary.of(counts, settings.eventRowCounts());
                events.publish(new RestoreCompleted(requestId, j.target(), j.backupId(), j.intoDatabase(),
                        j.durationMs(), summary.shown(), summary.tables(), summary.rows(), now), j.correlationId());
            });
            metrics.restore(job.target(), BackupMetrics.Outcome.COMPLETED, since(startNanos));
            log.info("Restore {} into database {} completed: {}", requestId, job.intoDatabase(), counts);
        } catch (InterruptedException e) {
            metrics.restore(job.target(), BackupMetrics.Outcome.FAILED, since(startNanos));
            fail(requestId, "interrupted: backup-service stopped while the restore ran; the database "
                    + job.intoDatabase() + " was not changed");
            throw e;
        } catch (Exception e) {
            metrics.restore(job.target(), BackupMetrics.Outcome.FAILED, since(startNanos));
            fail(requestId, e instanceof RestoreRefused ? e.getMessage() : String.valueOf(e.getMessage()));
        }
    }

    /** pg_restore under way, with what it is to read. */
    private record Reading(RunningTool pgRestore, long archiveBytes, int tables, long startNanos) {
    }

    /** One RestoreProgress in the outbox, once pg_restore runs. */
    private void report(RestoreJob job, @Nullable Reading reading) {
        if (reading == null) {
            return;
        }
        Duration elapsed = since(reading.startNanos());
        long done = Math.min(reading.pgRestore().bytesRead().orElse(0), reading.archiveBytes());
        long rate = Estimate.bytesPerSecond(done, elapsed);
        Long eta = Estimate.secondsLeft(done, reading.archiveBytes(), elapsed);
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            jobs.recordProgress(job.requestId(), done, rate, eta, now);
            events.publish(new RestoreProgress(job.requestId(), job.target(), job.backupId(), job.intoDatabase(), done,
                    reading.archiveBytes(), reading.tables(), rate, eta, elapsed.toMillis(), now), job.correlationId());
        });
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Checks an overwrite is allowed, takes the safety backup, and names the staging database. */
    private String stage(RestoreJob job, Restorer.Plan plan, Target target)
            throws RestoreRefused, InterruptedException {
        String into = job.intoDatabase();
        if (!job.overwrite()) {
            throw new RestoreRefused("database " + into + " exists; restore over it only with overwrite=true");
        }
        if (!settings.restoreOf(target.id()).allowOverwrite()) {
            throw new RestoreRefused("database " + into + " exists and target " + target.id() + " does not allow "
                    + "restores over an existing database (dbops.backup.targets." + target.id()
                    + ".restore.allow-overwrite is false)");
        }
        if (plan.partial()) {
            throw new RestoreRefused("only a whole backup restores over an existing database; restore tables or "
                    + "schemas into a new database and copy from there");
        }
        if (into.equals(target.database())) {
            String safety = safetyBackup.take(job);
            log.info("Restore {}: safety backup {} of database {} taken", job.requestId(), safety, into);
        }
        String staging = "dbops_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        update(job.requestId(), j -> j.stagingIn(staging));
        return staging;
    }

    /** The restored staging database takes the requested name; the old database is renamed, not dropped. */
    private void swap(String requestId, Target target, String staging, String into) throws SQLException {
        String replaced = "dbops_replaced_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        update(requestId, j -> j.replacing(replaced));
        OwnedDatabases.rename(target, into, replaced);
        OwnedDatabases.rename(target, staging, into);
        log.info("Restore {}: database {} replaced; the old one is kept as {}", requestId, into, replaced);
    }

    /**
     * Marks the restore failed, drops the database this restore created (only one with its mark), puts a
     * replaced database back if a swap was cut short, and says why.
     */
    public void fail(String requestId, String cause) {
        RestoreJob job = jobs.findById(requestId).orElseThrow();
        Optional<Target> target = targets.find(job.target());
        if (target.isPresent()) {
            try {
                undoSwap(job, target.get());
                if (job.wasDatabaseCreated()) {
                    OwnedDatabases.dropIfOwned(target.get(), job.restoresInto(), requestId);
                }
            } catch (SQLException e) {
                log.warn("Could not clean up after failed restore {} into database {}: {}", requestId,
                        job.intoDatabase(), e.getMessage());
            }
        }
        String redacted = targets.redact(cause);
        tx.executeWithoutResult(status -> {
            RestoreJob j = jobs.findById(requestId).orElseThrow();
            Instant now = clock.instant();
            j.failed(redacted, now);
            jobs.save(j);
            events.publish(new RestoreFailed(requestId, j.target(), j.backupId(), j.intoDatabase(), redacted, now),
                    j.correlationId());
        });
        log.warn("Restore {} into database {} failed: {}", requestId, job.intoDatabase(), redacted);
    }

    /** After a stop between the two renames of a swap, the replaced database gets its name back. */
    private static void undoSwap(RestoreJob job, Target target) throws SQLException {
        String replaced = job.replacedDatabase();
        if (replaced != null && !OwnedDatabases.exists(target, job.intoDatabase())
                && OwnedDatabases.exists(target, replaced)) {
            OwnedDatabases.rename(target, replaced, job.intoDatabase());
            log.warn("Restore {}: database {} got its name back after an interrupted swap", job.requestId(),
                    job.intoDatabase());
        }
    }

    private RestoreJob update(String requestId, Consumer<RestoreJob> change) {
        return tx.execute(status -> {
            RestoreJob j = jobs.findById(requestId).orElseThrow();
            change.accept(j);
            return jobs.save(j);
        });
    }
}
