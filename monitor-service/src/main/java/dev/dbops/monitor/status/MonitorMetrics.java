package dev.dbops.monitor.status;

import dev.dbops.common.event.Severity;
import dev.dbops.monitor.breaches.BreachLedger;
import dev.dbops.monitor.checks.Observations;
import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.rules.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics for every value the monitor computes: {@code dbops_monitor_<value>{target}} for each value of
 * a poll (connections, sessions, blocks, xid age, statements, ...), {@code dbops_monitor_rule_value{target,rule,unit}}
 * for every rule's reading, {@code dbops_monitor_breach_severity{target,rule}} (0 none, 1 warning, 2 critical),
 * index findings per kind, and the poller's own cost: poll duration, CPU, start lag and interval deviation.
 */
@Component
public class MonitorMetrics {

    private final MeterRegistry registry;
    private final StatusBoard board;
    private final BreachLedger ledger;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Timer lag;
    private final DistributionSummary deviation;

    MonitorMetrics(MeterRegistry registry, StatusBoard board, BreachLedger ledger) {
        this.registry = registry;
        this.board = board;
        this.ledger = ledger;
        this.lag = Timer.builder("dbops.monitor.poll.lag")
                .description("How late a poll started after its scheduled time")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.deviation = DistributionSummary.builder("dbops.monitor.poll.interval.deviation").baseUnit("seconds")
                .description("|time between two poll starts of a target - its interval|")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    public void registerTarget(String target) {
        for (Rule rule : Rule.values()) {
            gauge("dbops.monitor.rule.value", target, b -> b.reading(target, rule.ruleName()),
                    "rule", rule.ruleName(), "unit", rule.unit());
            gauge("dbops.monitor.breach.severity", target, b -> severity(target, rule), "rule", rule.ruleName());
        }
        for (String kind : List.of("unused", "duplicate", "unindexed-foreign-key", "seq-scan-table")) {
            gauge("dbops.monitor.indexes", target, b -> indexFindings(target, kind), "kind", kind);
        }
    }

    public void polled(String target, boolean reachable, Observations observations, Duration duration,
            long cpuNanos) {
        for (String name : observations.values().keySet()) {
            gauge("dbops.monitor." + name, target, b -> b.value(target, name));
        }
        Timer.builder("dbops.monitor.poll.duration").tag("target", target).register(registry)
                .record(duration);
        Counter.builder("dbops.monitor.polls").tag("target", target)
                .tag("outcome", reachable ? "reachable" : "unreachable").register(registry).increment();
        if (!observations.failedChecks().isEmpty()) {
            Counter.builder("dbops.monitor.checks.failed").tag("target", target).register(registry)
                    .increment(observations.failedChecks().size());
        }
        DistributionSummary.builder("dbops.monitor.poll.cpu").baseUnit("seconds")
                .description("CPU time of the monitor's thread for one poll of one target").tag("target", target)
                .register(registry).record(cpuNanos / 1e9);
    }

    public void slowQueries(String target, long calls) {
        Counter.builder("dbops.monitor.slow.queries").description("Calls of statements whose window mean was slow")
                .tag("target", target).register(registry).increment(calls);
    }

    public void started(Duration lateBy, Duration intervalDeviation) {
        lag.record(lateBy);
        if (intervalDeviation != null) {
            deviation.record(intervalDeviation.toNanos() / 1e9);
        }
    }

    public void skipped(String target) {
        Counter.builder("dbops.monitor.polls.skipped").description("Polls skipped because the previous one still ran")
                .tag("target", target).register(registry).increment();
    }

    private double severity(String target, Rule rule) {
        Severity severity = ledger.openSeverities(target).get(rule);
        return severity == null ? 0 : severity == Severity.CRITICAL ? 2 : 1;
    }

    private double indexFindings(String target, String kind) {
        IndexReport report = board.get(target).map(TargetStatus::indexes).orElse(null);
        if (report == null) {
            return Double.NaN;
        }
        return switch (kind) {
            case "unused" -> report.unused().size();
            case "duplicate" -> report.duplicates().size();
            case "unindexed-foreign-key" -> report.unindexedForeignKeys().size();
            default -> report.seqScanTables().size();
        };
    }

    private void gauge(String name, String target, ToDoubleFunction<StatusBoard> value, String... tags) {
        String key = name + "|" + target + "|" + String.join("|", tags);
        if (registered.add(key)) {
            Gauge.builder(name, board, value).tag("target", target).tags(tags).strongReference(true)
                    .register(registry);
        }
    }
}
