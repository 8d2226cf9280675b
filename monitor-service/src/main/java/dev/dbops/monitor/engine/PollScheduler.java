package dev.dbops.monitor.engine;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.monitor.config.MonitorSettings;
import dev.dbops.monitor.statements.SharedStatements;
import dev.dbops.monitor.statements.SlowQueryRecorder;
import dev.dbops.monitor.statements.StatementTracker;
import dev.dbops.monitor.status.MonitorMetrics;
import dev.dbops.monitor.status.StatusBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Gives every target its own fixed-rate task, staggered over the interval so a fleet's polls do not all start at
 * once. A tick queues the poll for its server's workers, as many as the monitor's connections to that server
 * ({@code connections-per-server}), so polls of a server's databases never need more connections than that and a
 * target that hangs (until its connect or statement timeout) holds one of its own server's workers only. A tick
 * that finds the previous poll of its target still queued or running is skipped, never queued twice.
 */
@Component
public class PollScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final TargetRegistry targets;
    private final MonitorSettings properties;
    private final Servers servers;
    private final PollCycle cycle;
    private final IndexHealth indexHealth;
    private final SlowQueryRecorder slowQueries;
    private final StatusBoard board;
    private final MonitorMetrics metrics;
    private final Clock clock;
    private final PollStats stats = new PollStats();
    private final Map<String, ThreadPoolExecutor> workers = new LinkedHashMap<>();
    private ScheduledThreadPoolExecutor ticker;
    private ThreadPoolExecutor indexWorker;
    private volatile boolean running;

    PollScheduler(TargetRegistry targets, MonitorSettings properties, Servers servers, PollCycle cycle,
            IndexHealth indexHealth, SlowQueryRecorder slowQueries, StatusBoard board, MonitorMetrics metrics,
            Clock clock) {
        this.targets = targets;
        this.properties = properties;
        this.servers = servers;
        this.cycle = cycle;
        this.indexHealth = indexHealth;
        this.slowQueries = slowQueries;
        this.board = board;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        List<Target> all = new ArrayList<>(targets.all());
        int n = Math.max(1, all.size());
        ticker = new ScheduledThreadPoolExecutor(1, threads("monitor-tick"));
        ticker.setRemoveOnCancelPolicy(true);
        // Index checks one at a time for all servers: daily work, in a slot of the target's server.
        indexWorker = queue(1, threads("monitor-indexes"));
        MonitorSettings.Poll poll = properties.poll();
        Map<String, Long> targetsPerServer = all.stream()
                .collect(Collectors.groupingBy(Servers::hostPort, Collectors.counting()));
        ThreadFactory pollThreads = threads("monitor-poll");
        targetsPerServer.forEach((server, count) -> workers.put(server,
                queue((int) Math.min(count, Math.max(1, poll.connectionsPerServer())), pollThreads)));
        SharedStatements shared = new SharedStatements();
        for (int i = 0; i < all.size(); i++) {
            Target target = all.get(i);
            MonitorSettings.TargetOverrides overrides = properties.targets().get(target.id());
            Duration interval = overrides != null && overrides.interval() != null ? overrides.interval() : poll.interval();
            TargetPoller poller = new TargetPoller(target, servers.of(target),
                    new CircuitBreaker(poll.failuresToOpen(), interval, poll.maxBackoff()),
                    new StatementTracker(properties.slowQueries().threshold().toNanos() / 1e6,
                            properties.slowQueries().minCalls(), properties.slowQueries().maxQueryLength(),
                            properties.slowQueries().top(), shared, serverKey(target), interval.dividedBy(2)),
                    new TargetPoller.Settings(poll.heavyInterval(), properties.tables().minDeadTuples(),
                            overrides == null ? null : overrides.storageQuota(), poll.connectTimeout()),
                    clock, targets::redact);
            board.register(target.id());
            metrics.registerTarget(target.id());
            long period = interval.toNanos();
            long offset = period * i / n;
            Slot slot = new Slot(poller, workers.get(Servers.hostPort(target)), period, System.nanoTime() + offset);
            ticker.scheduleAtFixedRate(slot::tick, offset, period, TimeUnit.NANOSECONDS);
            Duration indexEvery = properties.indexes().interval();
            AtomicBoolean indexing = new AtomicBoolean();
            ticker.scheduleAtFixedRate(() -> submit(indexWorker, indexing, () -> indexHealth.refresh(target)),
                    offset + period, indexEvery.toNanos(), TimeUnit.NANOSECONDS);
        }
        properties.targets().keySet().stream().filter(id -> targets.find(id).isEmpty()).forEach(id ->
                log.warn("dbops.monitor.targets.{} configures a target that is not registered (dbops.targets.{})", id, id));
        ticker.scheduleWithFixedDelay(slowQueries::purge, 1, 6 * 60, TimeUnit.MINUTES);
        running = true;
        log.info("Monitoring {} target(s) on {} server(s) every {} (heavy checks every {}), at most {} connection(s) "
                + "per server", all.size(), targetsPerServer.size(), poll.interval(), poll.heavyInterval(),
                poll.connectionsPerServer());
    }

    /** Targets with the same server and user share pg_stat_statements snapshots. */
    static String serverKey(Target target) {
        return Servers.hostPort(target) + "|" + target.username();
    }

    /** Workers taking queued work in turn; the queue holds at most one poll per target (see {@link #submit}). */
    private static ThreadPoolExecutor queue(int threads, ThreadFactory factory) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /** Queues {@code work} on {@code workers} unless the same work is still queued or running. */
    private boolean submit(ThreadPoolExecutor workers, AtomicBoolean busy, Runnable work) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            workers.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("Monitoring task failed", e);
                } finally {
                    busy.set(false);
                }
            });
            return true;
        } catch (RuntimeException rejected) {
            busy.set(false);
            return false;
        }
    }

    private final class Slot {

        private final TargetPoller poller;
        private final ThreadPoolExecutor workers;
        private final long period;
        private final long first;
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicInteger ticks = new AtomicInteger();
        private long previousStart = -1;

        Slot(TargetPoller poller, ThreadPoolExecutor workers, long period, long first) {
            this.poller = poller;
            this.workers = workers;
            this.period = period;
            this.first = first;
        }

        void tick() {
            long expected = first + ticks.getAndIncrement() * period;
            boolean submitted = submit(workers, busy, () -> {
                long start = System.nanoTime();
                long deviation = previousStart < 0 ? 0 : Math.abs(start - previousStart - period);
                stats.started(Math.max(0, start - expected), deviation, previousStart >= 0);
                metrics.started(Duration.ofNanos(Math.max(0, start - expected)),
                        previousStart < 0 ? null : Duration.ofNanos(deviation));
                previousStart = start;
                if (cycle.run(poller).outcome() == PollResult.Outcome.NO_CONNECTION) {
                    stats.withoutConnection();
                }
            });
            if (!submitted) {
                stats.skipped();
                metrics.skipped(poller.targetId());
            }
        }
    }

    public PollStats stats() {
        return stats;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
            List<ThreadPoolExecutor> all = new ArrayList<>(workers.values());
            all.add(indexWorker);
            all.forEach(ThreadPoolExecutor::shutdownNow);   // queued polls are dropped, running ones finish
            try {
                for (ThreadPoolExecutor pool : all) {
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers.clear();
            servers.closeIdle();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the outbox relay and Kafka listeners start, before them on stop. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
