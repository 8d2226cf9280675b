package dev.dbops.monitor.status;

import dev.dbops.common.event.Severity;
import dev.dbops.monitor.breaches.BreachLedger;
import dev.dbops.monitor.checks.Observations;
import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.rules.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Prometheus metrics for every value the monitor computes, by Prometheus conventions (base units, {@code _total} only
 * on counters; see {@link ExportedValue}): each value of a poll, {@code dbops_monitor_rule_value{target,rule,unit}}
 * for every rule's reading, {@code dbops_monitor_breach_severity{target,rule}} (0 none, 1 warning, 2 critical),
 * index findings per kind, and the poller's own cost: poll duration, CPU, start lag and interval deviation.
 * The module README lists every name as scraped.
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
            RuleUnit unit = RuleUnit.of(rule);
            gauge("dbops.monitor.rule.value", target, b -> b.reading(target, rule.ruleName()) * unit.scale(),
                    "A rule's reading in base units (the unit tag): ratios 0-1, seconds",
                    "rule", rule.ruleName(), "unit", unit.name());
            gauge("dbops.monitor.breach.severity", target, b -> severity(target, rule),
                    "The rule's open breach: 0 none, 1 warning, 2 critical", "rule", rule.ruleName());
        }
        for (String kind : List.of("unused", "duplicate", "unindexed-foreign-key", "seq-scan-table")) {
            gauge("dbops.monitor.indexes", target, b -> indexFindings(target, kind),
                    "Index health findings of the latest report", "kind", kind);
        }
        // Counters exist from the start, at 0, so a rate over them needs no first event.
        for (String outcome : List.of("reachable", "unreachable", "no-connection")) {
            polls(target, outcome);
        }
        checksFailed(target);
        slowQueryCalls(target);
        skippedPolls(target);
    }

    public void polled(String target, boolean reachable, Observations observations, Duration duration,
            long cpuNanos) {
        observations.values().forEach((name, value) -> export(target, name, value));
        Timer.builder("dbops.monitor.poll.duration").description("Wall time of one poll of one target")
                .tag("target", target).register(registry).record(duration);
        polls(target, reachable ? "reachable" : "unreachable").increment();
        if (!observations.failedChecks().isEmpty()) {
            checksFailed(target).increment(observations.failedChecks().size());
        }
        DistributionSummary.builder("dbops.monitor.poll.cpu").baseUnit("seconds")
                .description("CPU time of the monitor's thread for one poll of one target").tag("target", target)
                .register(registry).record(cpuNanos / 1e9);
    }

    private void export(String target, String name, double value) {
        ExportedValue exported = ExportedValue.of(name).orElse(null);
        if (exported == null) {
            // A new value still shows; MonitorIT fails until it has a conventional name and a README row.
            gauge("dbops.monitor." + name, target, b -> b.value(target, name), null);
            return;
        }
        switch (exported.kind()) {
            case GAUGE -> gauge(exported.meterName(), target, b -> b.value(target, name) * exported.scale(),
                    exported.description());
            case CUMULATIVE -> {
                if (registered.add(exported.meterName() + "|" + target)) {
                    FunctionCounter.builder(exported.meterName(), board, b -> b.value(target, name))
                            .description(exported.description()).tag("target", target).register(registry);
                }
            }
            case WINDOW -> Counter.builder(exported.meterName()).description(exported.description())
                    .tag("target", target).register(registry).increment(value);
        }
    }

    /** A poll that got no connection slot and did not happen. */
    public void withoutConnection(String target) {
        polls(target, "no-connection").increment();
    }

    public void slowQueries(String target, long calls) {
        slowQueryCalls(target).increment(calls);
    }

    public void started(Duration lateBy, Duration intervalDeviation) {
        lag.record(lateBy);
        if (intervalDeviation != null) {
            deviation.record(intervalDeviation.toNanos() / 1e9);
        }
    }

    public void skipped(String target) {
        skippedPolls(target).increment();
    }

    private Counter polls(String target, String outcome) {
        return Counter.builder("dbops.monitor.polls").description("Polls of a target by outcome")
                .tag("target", target).tag("outcome", outcome).register(registry);
    }

    private Counter checksFailed(String target) {
        return Counter.builder("dbops.monitor.checks.failed")
                .description("Checks that failed on their own while the target was reachable").tag("target", target)
                .register(registry);
    }

    private Counter slowQueryCalls(String target) {
        return Counter.builder("dbops.monitor.slow.queries")
                .description("Calls of statements whose window mean was slow").tag("target", target).register(registry);
    }

    private Counter skippedPolls(String target) {
        return Counter.builder("dbops.monitor.polls.skipped")
                .description("Polls skipped because the previous one still ran").tag("target", target)
                .register(registry);
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

    private void gauge(String name, String target, ToDoubleFunction<StatusBoard> value, @Nullable String description,
            String... tags) {
        String key = name + "|" + target + "|" + String.join("|", tags);
        if (registered.add(key)) {
            Gauge.builder(name, board, value).description(description).tag("target", target).tags(tags)
                    .strongReference(true).register(registry);
        }
    }
}
