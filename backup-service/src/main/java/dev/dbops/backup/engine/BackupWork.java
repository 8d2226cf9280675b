package dev.dbops.backup.engine;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.restore.ReplacedDatabases;
import dev.dbops.backup.restore.RestoreJob;
import dev.dbops.backup.restore.RestoreJobs;
import dev.dbops.backup.restore.RestoreRun;
import dev.dbops.backup.restore.RestoreStatus;
import dev.dbops.backup.retention.RetentionRunner;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.store.Verification;
import dev.dbops.backup.take.BackupJob;
import dev.dbops.backup.verify.VerificationJob;
import dev.dbops.common.engine.TargetWorkerLoop;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the engine does for one target, holding its lock: recovers what a dead instance left running, then runs
 * queued backups and restores in arrival order, then verifications that are due, then retention.
 */
@Component
class BackupWork implements TargetWorkerLoop.TargetWork {

    private static final String TARGETS_WITH_WORK = """
            SELECT target FROM backup WHERE status IN ('QUEUED', 'RUNNING') OR verification = 'RUNNING'
               OR (status = 'COMPLETED' AND verification = 'PENDING'
                   AND completed_at <= now() - make_interval(secs => ?))
            UNION SELECT target FROM restore_job WHERE status IN ('QUEUED', 'RUNNING')""";

    private final JdbcTemplate jdbc;
    private final Backups backups;
    private final RestoreJobs restores;
    private final BackupJob backupJob;
    private final RestoreRun restoreRun;
    private final VerificationJob verificationJob;
    private final RetentionRunner retention;
    private final ReplacedDatabases replacedDatabases;
    private final Recovery recovery;
    private final TargetRegistry targets;
    private final BackupSettings settings;
    private final Clock clock;
    private final Map<String, Instant> lastRetention = new ConcurrentHashMap<>();

    BackupWork(JdbcTemplate jdbc, Backups backups, RestoreJobs restores, BackupJob backupJob, RestoreRun restoreRun,
            VerificationJob verificationJob, RetentionRunner retention, ReplacedDatabases replacedDatabases,
            Recovery recovery, TargetRegistry targets, BackupSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.backups = backups;
        this.restores = restores;
        this.backupJob = backupJob;
        this.restoreRun = restoreRun;
        this.verificationJob = verificationJob;
        this.retention = retention;
        this.replacedDatabases = replacedDatabases;
        this.recovery = recovery;
        this.targets = targets;
        this.settings = settings;
        this.clock = clock;
    }

    /** Targets with queued or running work or a due drill, and every registered target whose retention is due. */
    Set<String> targetsWithWork() {
        Set<String> due = new LinkedHashSet<>(jdbc.queryForList(TARGETS_WITH_WORK, String.class,
                (double) settings.verify().delay().toSeconds()));
        for (Target target : targets.all()) {
            if (retentionDue(target.id())) {
                due.add(target.id());
            }
        }
        return due;
    }

    @Override
    public void drain(String target, BooleanSupplier stopping) throws Exception {
        recovery.recover(target);
        boolean verified = false;
        while (!stopping.getAsBoolean()) {
            Runnable next = next(target);
            if (next == null) {
                break;
            }
            verified |= next instanceof Verify;
            next.run();
        }
        if (!stopping.getAsBoolean() && (verified || retentionDue(target))) {
            lastRetention.put(target, clock.instant());
            retention.run(target);
            replacedDatabases.dropExpired(target);
        }
    }

    private boolean retentionDue(String target) {
        Instant last = lastRetention.get(target);
        return last == null || !last.plus(settings.retention().interval()).isAfter(clock.instant());
    }

    private @Nullable Runnable next(String target) {
        Backup backup = backups.findByTargetAndStatusInOrderByRequestedAt(target, List.of(BackupStatus.QUEUED))
                .stream().findFirst().orElse(null);
        RestoreJob restore = restores.findByTargetAndStatusInOrderByRequestedAt(target, List.of(RestoreStatus.QUEUED))
                .stream().findFirst().orElse(null);
        if (restore != null && (backup == null || restore.requestedAt().isBefore(backup.requestedAt()))) {
            return () -> interruptibly(() -> restoreRun.run(restore.requestId()));
        }
        if (backup != null) {
            return () -> backupJob.run(backup.backupId());
        }
        Instant dueBefore = clock.instant().minus(settings.verify().delay());
        return backups.findByTargetAndStatusAndVerificationOrderByCompletedAt(target, BackupStatus.COMPLETED,
                        Verification.PENDING).stream()
                .filter(b -> b.completedAt() != null && !b.completedAt().isAfter(dueBefore))
                .findFirst()
                .<Runnable>map(b -> new Verify(() -> verificationJob.run(b.backupId())))
                .orElse(null);
    }

    private interface Interruptible {
        void run() throws InterruptedException;
    }

    private record Verify(Interruptible job) implements Runnable {
        @Override
        public void run() {
            interruptibly(job);
        }
    }

    private static void interruptibly(Interruptible job) {
        try {
            job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
