package dev.dbops.monitor.statements;

import dev.dbops.common.event.SlowQueryDetected;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.monitor.config.MonitorSettings;
import dev.dbops.monitor.store.SlowQueries;
import dev.dbops.monitor.store.SlowQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records every slow statement window and publishes a SlowQueryDetected in the same transaction, at most once
 * per statement and target within {@code repeat-after}; keeps the slow-queries-per-hour tally (seeded from the
 * schema at start).
 */
@Component
public class SlowQueryRecorder {

    private static final Logger log = LoggerFactory.getLogger(SlowQueryRecorder.class);

    private final SlowQueries slowQueries;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final double thresholdMs;
    private final Duration repeatAfter;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, SlowQueryTally> tallies = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastPublished = new ConcurrentHashMap<>();

    SlowQueryRecorder(SlowQueries slowQueries, EventPublisher events, PlatformTransactionManager transactions,
            MonitorSettings properties, Clock clock) {
        this.slowQueries = slowQueries;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.thresholdMs = properties.slowQueries().threshold().toNanos() / 1e6;
        this.repeatAfter = properties.slowQueries().repeatAfter();
        this.retention = properties.slowQueries().retention();
        this.clock = clock;
        for (SlowQuery recent : slowQueries.findByWindowEndAfter(clock.instant().minus(Duration.ofHours(1)))) {
            tally(recent.target()).add(recent.windowEnd(), recent.calls());
            if (recent.published()) {
                lastPublished.merge(recent.target() + "/" + recent.queryId(), recent.windowEnd(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }

    public void record(String target, StatementsOutcome outcome) {
        StatementWindow window = outcome.window();
        if (window == null) {
            return;
        }
        for (SlowStatement slow : outcome.slow()) {
            String queryId = Long.toString(slow.queryId());
            String key = target + "/" + queryId;
            Instant last = lastPublished.get(key);
            boolean publish = last == null || !window.end().isBefore(last.plus(repeatAfter));
            String text = outcome.texts().getOrDefault(slow.queryId(), "");
            try {
                tx.executeWithoutResult(status -> {
                    slowQueries.save(new SlowQuery(target, queryId, text, slow.calls(), slow.meanMs(), slow.totalMs(),
                            slow.rowsPerCall(), window.start(), window.end(), thresholdMs, publish));
                    if (publish) {
                        events.publish(new SlowQueryDetected(target, queryId, text, slow.calls(), slow.meanMs(),
                                slow.totalMs(), slow.rowsPerCall(), window.start(), window.end(), thresholdMs));
                    }
                });
            } catch (RuntimeException e) {
                log.error("Could not record slow statement {} on target {}", queryId, target, e);
                continue;
            }
            tally(target).add(window.end(), slow.calls());
            if (publish) {
                lastPublished.put(key, window.end());
                log.info("Slow statement {} on target {}: {} calls, mean {} ms", queryId, target, slow.calls(),
                        Math.round(slow.meanMs()));
            }
        }
    }

    public long slowPerHour(String target, Instant now) {
        return tally(target).lastHour(now);
    }

    /** Forgets slow windows past the retention. */
    public void purge() {
        try {
            slowQueries.deleteByWindowEndBefore(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            log.warn("Could not purge old slow query windows; will try again: {}", e.getMessage());
        }
    }

    private SlowQueryTally tally(String target) {
        return tallies.computeIfAbsent(target, t -> new SlowQueryTally());
    }
}
