package dev.dbops.common.engine;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Works on every target with open work, each in its own thread under the target's advisory lock: one worker
 * per target at a time across every instance (a target whose lock another instance holds is skipped until
 * the next poll), its work in the order the service's {@link TargetWork} takes it. A poller asks for the
 * targets with open work every poll interval, or at once on {@link #wakeUp()}.
 *
 * <p>Stopping (the context closing) is graceful the same way for every service: no new work starts, a running
 * piece of work is interrupted (so waits and back-offs end at once) and given the stop wait to finish or roll
 * back, and nothing is undone: work cut short stays open in the service's tables and the next start resumes it.
 */
public final class TargetWorkerLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TargetWorkerLoop.class);

    /** The target's lock for this loop, or empty when another instance holds it. */
    @FunctionalInterface
    public interface Locking {
        Optional<TargetLock> tryAcquire(Target target) throws SQLException;
    }

    /** What the service does for one target, holding its lock. */
    @FunctionalInterface
    public interface TargetWork {
        /**
         * Works on the target until it has nothing open left for now or {@code stopping} turns true (check it
         * between pieces of work; a piece under way is interrupted instead).
         */
        void drain(String target, BooleanSupplier stopping) throws Exception;
    }

    private final String name;
    private final int threads;
    private final Duration pollInterval;
    private final Duration stopWait;
    private final Supplier<? extends Collection<String>> targetsWithWork;
    private final TargetRegistry targets;
    private final Locking locking;
    private final TargetWork work;
    private final Consumer<String> unregistered;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ScheduledExecutorService poller;
    private volatile @Nullable ExecutorService workers;
    private volatile boolean running;

    private TargetWorkerLoop(Builder b) {
        this.name = b.name;
        this.threads = b.threads;
        this.pollInterval = b.pollInterval;
        this.stopWait = b.stopWait;
        this.targetsWithWork = Objects.requireNonNull(b.targetsWithWork, "targetsWithWork");
        this.targets = Objects.requireNonNull(b.targets, "targets");
        this.locking = Objects.requireNonNull(b.locking, "locking");
        this.work = Objects.requireNonNull(b.work, "work");
        this.unregistered = b.unregistered != null ? b.unregistered : warnOnce();
    }

    /** A loop whose threads are named after {@code name}, e.g. "migration-worker". */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Looks for work now rather than at the next poll, e.g. right after a request was recorded. */
    public void wakeUp() {
        ScheduledExecutorService p = poller;
        if (p != null && running) {
            p.execute(this::poll);
        }
    }

    void poll() {
        try {
            for (String target : targetsWithWork.get()) {
                ExecutorService pool = workers;
                if (running && pool != null && busy.add(target)) {
                    pool.execute(() -> {
                        try {
                            work(target);
                        } finally {
                            busy.remove(target);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.warn("{}: looking for targets with open work failed: {}", name, e.toString());
        }
    }

    private void work(String targetId) {
        try {
            Optional<Target> target = targets.find(targetId);
            if (target.isEmpty()) {
                unregistered.accept(targetId);
                return;
            }
            Optional<TargetLock> lock = locking.tryAcquire(target.get());
            if (lock.isEmpty()) {
                log.debug("{}: target {} is being worked on by another instance; its work waits", name, targetId);
                return;
            }
            try (TargetLock held = lock.get()) {
                work.drain(targetId, () -> !running || Thread.currentThread().isInterrupted());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("{}: work on target {} stopped: {}", name, targetId, e.toString());
        }
    }

    private Consumer<String> warnOnce() {
        Set<String> warned = ConcurrentHashMap.newKeySet();
        return target -> {
            if (warned.add(target)) {
                log.warn("{}: there is work for target {}, which is not registered (dbops.targets); "
                        + "it waits until the target is registered again", name, target);
            }
        };
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newFixedThreadPool(threads, daemonThreads(name));
        ScheduledExecutorService p = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-poller"));
        poller = p;
        p.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService p = poller;
        if (p != null) {
            p.shutdownNow();
        }
        ExecutorService pool = workers;
        if (pool == null) {
            return;
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: work on {} was still running at stop; the next start resumes it", name, busy);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The parts of a loop; threads, poll interval and stop wait have defaults, the others are required. */
    public static final class Builder {

        private final String name;
        private int threads = 1;
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration stopWait = Duration.ofSeconds(10);
        private @Nullable Supplier<? extends Collection<String>> targetsWithWork;
        private @Nullable TargetRegistry targets;
        private @Nullable Locking locking;
        private @Nullable TargetWork work;
        private @Nullable Consumer<String> unregistered;

        private Builder(String name) {
            this.name = name;
        }

        /** How many targets this instance works on at once (at least one). */
        public Builder threads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** How long stopping waits for interrupted work to finish or roll back. */
        public Builder stopWait(Duration stopWait) {
            this.stopWait = stopWait;
            return this;
        }

        /** The ids of the targets with open work, asked every poll (typically one query of the service's tables). */
        public Builder targetsWithWork(Supplier<? extends Collection<String>> targetsWithWork) {
            this.targetsWithWork = targetsWithWork;
            return this;
        }

        public Builder targets(TargetRegistry targets) {
            this.targets = targets;
            return this;
        }

        public Builder locking(Locking locking) {
            this.locking = locking;
            return this;
        }

        public Builder work(TargetWork work) {
            this.work = work;
            return this;
        }

        /**
         * What to do, in a worker thread and without a lock, with the open work of a target no longer
         * registered; by default a warning, once per target, and the work waits.
         */
        public Builder whenUnregistered(Consumer<String> unregistered) {
            this.unregistered = unregistered;
            return this;
        }

        public TargetWorkerLoop build() {
            return new TargetWorkerLoop(this);
        }
    }
}
