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
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs each target's work one item at a time: queued backups and restores in arrival order, then
 * verifications that are due, then retention. A poller finds targets with work; a worker takes the
 * target's advisory lock (skipping the target when another instance has it), recovers what a dead
 * instance left running, and drains the target's queue.
 */
@Component
public class TargetWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TargetWorkers.class);

    private static final String TARGETS_WITH_WORK = """
            SELECT target FROM backup WHERE status IN ('QUEUED', 'RUNNING') OR verification = 'RUNNING'
               OR (status = 'COMPLETED' AND verification = 'PENDING'
                   AND completed_at <= now() - make_interval(secs => ?))
            UNION SELECT target FROM restore_job WHERE status IN ('QUEUED', 'RUNNING')""";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
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
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastRetention = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService workers;
    private volatile boolean running;

    TargetWorkers(JdbcTemplate jdbc, DataSource dataSource, Backups backups, RestoreJobs restores,
            BackupJob backupJob, RestoreRun restoreRun, VerificationJob verificationJob, RetentionRunner retention,
            ReplacedDatabases replacedDatabases, Recovery recovery, TargetRegistry targets, BackupSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
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

    /** Looks for work now rather than at the next poll, e.g. right after a request was queued. */
    public void wakeUp() {
        ScheduledExecutorService p = poller;
        if (p != null && running) {
            p.execute(this::poll);
        }
    }

    void poll() {
        try {
            Set<String> due = new LinkedHashSet<>(jdbc.queryForList(TARGETS_WITH_WORK, String.class,
                    (double) settings.verify().delay().toSeconds()));
            Instant now = clock.instant();
            for (Target target : targets.all()) {
                Instant last = lastRetention.get(target.id());
                if (last == null || !last.plus(settings.retention().interval()).isAfter(now)) {
                    due.add(target.id());
                }
            }
            for (String target : due) {
                if (targets.find(target).isEmpty()) {
                    if (unknown.add(target)) {
                        log.warn("The catalog has work for target {}, which is not registered (dbops.targets); "
                                + "it waits until the target is registered again", target);
                    }
                    continue;
                }
                if (running && busy.add(target)) {
                    workers.execute(() -> {
                        try {
                            drain(target);
                        } finally {
                            busy.remove(target);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.warn("Polling for backup work failed: {}", e.getMessage());
        }
    }

    private void drain(String target) {
        try (TargetLock lock = TargetLock.tryAcquire(dataSource, target)) {
            if (lock == null) {
                return;
            }
            recovery.recover(target);
            boolean verified = false;
            while (running && !Thread.currentThread().isInterrupted()) {
                Runnable next = next(target);
                if (next == null) {
                    break;
                }
                verified |= next instanceof Verify;
                next.run();
            }
            Instant last = lastRetention.get(target);
            if (running && (verified || last == null
                    || !last.plus(settings.retention().interval()).isAfter(clock.instant()))) {
                lastRetention.put(target, clock.instant());
                retention.run(target);
                replacedDatabases.dropExpired(target);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Work on target {} stopped: {}", target, e.toString());
        }
    }

    private Runnable next(String target) {
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

    @Override
    public void start() {
        running = true;
        workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "backup-worker");
            t.setDaemon(true);
            return t;
        });
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backup-poller");
            t.setDaemon(true);
            return t;
        });
        poller.execute(() -> {
            try {
                recovery.removeStrayStaging();
            } catch (Exception e) {
                log.warn("Could not remove stray staging files: {}", e.toString());
            }
        });
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
