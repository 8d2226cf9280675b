package dev.dbops.monitor.status;

import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.poll.PollResult;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.statements.StatementWindow;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The latest status of every target; replaced whole after each poll, so readers never see half a poll. */
@Component
public class StatusBoard {

    private final Map<String, TargetStatus> statuses = new ConcurrentHashMap<>();

    public void register(String target) {
        statuses.putIfAbsent(target, TargetStatus.initial(target));
    }

    public void update(PollResult result, List<Reading> readings) {
        statuses.compute(result.target(), (target, old) -> {
            TargetStatus previous = old != null ? old : TargetStatus.initial(target);
            Map<String, Double> values = new LinkedHashMap<>(previous.values());
            values.putAll(result.observations().values());
            Map<String, Reading> byRule = new LinkedHashMap<>(previous.readings());
            readings.forEach(r -> byRule.put(r.rule().ruleName(), r));
            StatementWindow window = result.statements().window();
            return new TargetStatus(target, result.at(), result.reachable(), result.error(), result.circuit().name(),
                    result.duration().toMillis(), Map.copyOf(values), Map.copyOf(byRule),
                    List.copyOf(result.observations().failedChecks()),
                    window != null ? window.start() : previous.windowStart(),
                    window != null ? window.end() : previous.windowEnd(),
                    window != null ? result.statements().top() : previous.topStatements(), previous.indexes());
        });
    }

    public void update(IndexReport report) {
        statuses.computeIfPresent(report.target(), (target, s) -> new TargetStatus(target, s.lastPoll(), s.reachable(),
                s.error(), s.circuit(), s.pollMillis(), s.values(), s.readings(), s.failedChecks(), s.windowStart(),
                s.windowEnd(), s.topStatements(), report));
    }

    public Optional<TargetStatus> get(String target) {
        return Optional.ofNullable(statuses.get(target));
    }

    public Collection<TargetStatus> all() {
        return statuses.values();
    }

    public double value(String target, String name) {
        TargetStatus status = statuses.get(target);
        Double value = status == null ? null : status.values().get(name);
        return value == null ? Double.NaN : value;
    }

    public double reading(String target, String rule) {
        TargetStatus status = statuses.get(target);
        Reading reading = status == null ? null : status.readings().get(rule);
        return reading == null ? Double.NaN : reading.value();
    }
}
