package dev.dbops.backup.restore;

import dev.dbops.backup.catalog.Backup;
import dev.dbops.backup.catalog.Backups;
import dev.dbops.common.event.RestoreCompleted;
import dev.dbops.common.event.RestoreFailed;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs one queued restore and states the outcome: RestoreCompleted or RestoreFailed. */
@Component
public class RestoreRun {

    private static final Logger log = LoggerFactory.getLogger(RestoreRun.class);

    private final RestoreJobs jobs;
    private final Backups backups;
    private final Restorer restorer;
    private final TargetRegistry targets;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    RestoreRun(RestoreJobs jobs, Backups backups, Restorer restorer, TargetRegistry targets, EventPublisher events,
            TransactionTemplate tx, Clock clock) {
        this.jobs = jobs;
        this.backups = backups;
        this.restorer = restorer;
        this.targets = targets;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Runs the restore; the caller holds the target's lock. */
    public void run(String requestId) throws InterruptedException {
        RestoreJob job = tx.execute(status -> {
            RestoreJob j = jobs.findById(requestId).orElseThrow();
            j.started(clock.instant());
            return jobs.save(j);
        });
        log.info("Restore {} of backup {} into database {} started", requestId, job.backupId(), job.intoDatabase());
        Target target = targets.require(job.target());
        try {
            Backup backup = backups.findById(job.backupId())
                    .orElseThrow(() -> new RestoreRefused("backup " + job.backupId() + " is not in the catalog"));
            Restorer.Plan plan = restorer.plan(job, backup, target);
            if (restorer.exists(target, job.intoDatabase())) {
                if (!job.overwrite()) {
                    throw new RestoreRefused("database " + job.intoDatabase() + " exists; restore over it only with "
                            + "overwrite=true");
                }
            } else {
                tx.executeWithoutResult(status -> {
                    RestoreJob j = jobs.findById(requestId).orElseThrow();
                    j.createdDatabase();
                    jobs.save(j);
                });
                restorer.createDatabase(target, job.intoDatabase());
            }
            Map<String, Long> counts = restorer.restore(plan, backup, target, job.intoDatabase(), job.overwrite());
            tx.executeWithoutResult(status -> {
                RestoreJob j = jobs.findById(requestId).orElseThrow();
                Instant now = clock.instant();
                j.completed(now);
                jobs.save(j);
                events.publish(new RestoreCompleted(requestId, j.target(), j.backupId(), j.intoDatabase(),
                        j.durationMs(), counts, now), j.correlationId());
            });
            log.info("Restore {} into database {} completed: {}", requestId, job.intoDatabase(), counts);
        } catch (InterruptedException e) {
            fail(requestId, "interrupted: backup-service stopped while the restore ran");
            throw e;
        } catch (Exception e) {
            fail(requestId, e instanceof RestoreRefused ? e.getMessage() : String.valueOf(e.getMessage()));
        }
    }

    /** Marks the restore failed, drops the database when this restore created it, and says why. */
    public void fail(String requestId, String cause) {
        RestoreJob job = jobs.findById(requestId).orElseThrow();
        Target target = targets.find(job.target()).orElse(null);
        if (job.wasDatabaseCreated() && target != null) {
            try {
                restorer.dropDatabase(target, job.intoDatabase());
            } catch (SQLException e) {
                log.warn("Could not drop database {} of failed restore {}: {}", job.intoDatabase(), requestId,
                        e.getMessage());
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
}
