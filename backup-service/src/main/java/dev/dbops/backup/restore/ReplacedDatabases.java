package dev.dbops.backup.restore;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Retention of databases an overwrite restore replaced: each is dropped {@code restore.keep-replaced} after. */
@Component
public class ReplacedDatabases {

    private static final Logger log = LoggerFactory.getLogger(ReplacedDatabases.class);

    private final RestoreJobs jobs;
    private final TargetRegistry targets;
    private final BackupSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    ReplacedDatabases(RestoreJobs jobs, TargetRegistry targets, BackupSettings settings, TransactionTemplate tx,
            Clock clock) {
        this.jobs = jobs;
        this.targets = targets;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Drops the target's replaced databases that were kept long enough; the caller holds the target's lock. */
    public void dropExpired(String targetId) throws SQLException {
        Target target = targets.require(targetId);
        Instant before = clock.instant().minus(settings.restoreOf(targetId).keepReplaced());
        for (RestoreJob job : jobs.findByTargetAndStatusAndReplacedDatabaseIsNotNullAndReplacedDroppedFalse(targetId,
                RestoreStatus.COMPLETED)) {
            if (job.completedAt() != null && job.completedAt().isBefore(before)) {
                OwnedDatabases.dropReplaced(target, job.replacedDatabase());
                tx.executeWithoutResult(status -> jobs.findById(job.requestId()).ifPresent(j -> {
                    j.replacedDropped();
                    jobs.save(j);
                }));
                log.info("Dropped database {}, replaced by restore {} of target {} on {}", job.replacedDatabase(),
                        job.requestId(), targetId, job.completedAt());
            }
        }
    }
}
