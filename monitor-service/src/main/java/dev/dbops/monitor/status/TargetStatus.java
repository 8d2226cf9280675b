package dev.dbops.monitor.status;

import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.statements.TopStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the latest poll of a target found. Values and readings keep their last known figure while the target is
 * unreachable ({@code reachable} false, {@code values["up"]} 0).
 */
public record TargetStatus(String target, @Nullable Instant lastPoll, boolean reachable, @Nullable String error,
        String circuit, long pollMillis, Map<String, Double> values, Map<String, Reading> readings,
        List<String> failedChecks, @Nullable Instant windowStart, @Nullable Instant windowEnd,
        List<TopStatement> topStatements, @Nullable IndexReport indexes) {

    public TargetStatus withIndexes(IndexReport report) {
        return new TargetStatus(target, lastPoll, reachable, error, circuit, pollMillis, values, readings, failedChecks,
                windowStart, windowEnd, topStatements, report);
    }

    static TargetStatus initial(String target) {
        return new TargetStatus(target, null, false, null, "CLOSED", 0, Map.of(), Map.of(), List.of(), null, null,
                List.of(), null);
    }
}
