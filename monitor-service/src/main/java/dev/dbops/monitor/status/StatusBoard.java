package dev.dbops.monitor.status;

import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.rules.Reading;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/** The latest status of every target; replaced whole after each poll, so readers never see half a poll. */
@Component
public class StatusBoard {

    private final Map<String, TargetStatus> statuses = new ConcurrentHashMap<>();

    public void register(String target) {
        statuses.putIfAbsent(target, TargetStatus.initial(target));
    }

    /** Replaces a target's status by what {@code change} makes of the current one, atomically. */
    public void update(String target, UnaryOperator<TargetStatus> change) {
        statuses.compute(target, (t, old) -> change.apply(old != null ? old : TargetStatus.initial(t)));
    }

    public void update(IndexReport report) {
        statuses.computeIfPresent(report.target(), (target, s) -> s.withIndexes(report));
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
