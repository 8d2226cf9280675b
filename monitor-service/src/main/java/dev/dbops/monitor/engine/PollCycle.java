package dev.dbops.monitor.engine;

import dev.dbops.monitor.backups.BackupAges;
import dev.dbops.monitor.breaches.BreachLedger;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import dev.dbops.monitor.statements.SlowQueryRecorder;
import dev.dbops.monitor.statements.SlowStatement;
import dev.dbops.monitor.status.MonitorMetrics;
import dev.dbops.monitor.status.StatusBoard;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * One poll of one target from start to end: measure, record slow statements, evaluate every rule (with the
 * backup age, which needs no connection), publish the status and metrics.
 */
@Component
public class PollCycle {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final SlowQueryRecorder slowQueries;
    private final BackupAges backups;
    private final BreachLedger ledger;
    private final StatusBoard board;
    private final MonitorMetrics metrics;

    PollCycle(SlowQueryRecorder slowQueries, BackupAges backups, BreachLedger ledger, StatusBoard board,
            MonitorMetrics metrics) {
        this.slowQueries = slowQueries;
        this.backups = backups;
        this.ledger = ledger;
        this.board = board;
        this.metrics = metrics;
    }

    public PollResult run(TargetPoller poller) {
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        PollResult result = poller.poll();
        String target = result.target();
        if (result.outcome() == PollResult.Outcome.NO_CONNECTION) {
            // Nothing was measured: no rule is evaluated, the status keeps the last poll that happened.
            metrics.withoutConnection(target);
            return result;
        }
        List<Reading> readings = new ArrayList<>(result.observations().readings());
        if (result.reachable()) {
            slowQueries.record(target, result.statements());
            long calls = result.statements().slow().stream().mapToLong(SlowStatement::calls).sum();
            if (calls > 0) {
                metrics.slowQueries(target, calls);
            }
            if (result.statements().window() != null) {
                long perHour = slowQueries.slowPerHour(target, result.at());
                result.observations().value("slow-queries.per-hour", perHour);
                readings.add(Reading.of(Rule.SLOW_QUERIES_PER_HOUR, perHour));
            }
        }
        backups.reading(target, result.at()).ifPresent(reading -> {
            readings.add(reading);
            result.observations().value("backup.age.hours", reading.value());
        });
        ledger.evaluate(target, readings, result.at());
        board.update(target, previous -> result.applyTo(previous, readings));
        metrics.polled(target, result.reachable(), result.observations(), result.duration(),
                THREADS.getCurrentThreadCpuTime() - cpuBefore);
        return result;
    }
}
