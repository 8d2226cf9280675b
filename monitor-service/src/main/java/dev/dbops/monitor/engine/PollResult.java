package dev.dbops.monitor.engine;

import dev.dbops.monitor.checks.Observations;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.statements.StatementWindow;
import dev.dbops.monitor.statements.StatementsOutcome;
import dev.dbops.monitor.status.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One poll of one target.
 *
 * @param error why the target could not be reached or the poll got no connection (passwords redacted), null when
 *     it was reached
 */
public record PollResult(String target, Instant at, Outcome outcome, @Nullable String error,
        CircuitBreaker.State circuit, Observations observations, StatementsOutcome statements, Duration duration) {

    /** How a poll ended. */
    public enum Outcome {
        REACHABLE,
        UNREACHABLE,
        /** No connection slot (the monitor's bound per server, or the server's own): the poll did not happen. */
        NO_CONNECTION
    }

    public boolean reachable() {
        return outcome == Outcome.REACHABLE;
    }

    /**
     * The status after this poll: its values and readings over the earlier ones (a value or rule this poll did not
     * measure keeps its last figure), the statement window only when this poll had one.
     */
    TargetStatus applyTo(TargetStatus previous, List<Reading> readings) {
        Map<String, Double> values = new LinkedHashMap<>(previous.values());
        values.putAll(observations.values());
        Map<String, Reading> byRule = new LinkedHashMap<>(previous.readings());
        readings.forEach(r -> byRule.put(r.rule().ruleName(), r));
        StatementWindow window = statements.window();
        return new TargetStatus(target, at, reachable(), error, circuit.name(), duration.toMillis(), Map.copyOf(values),
                Map.copyOf(byRule), List.copyOf(observations.failedChecks()),
                window != null ? window.start() : previous.windowStart(),
                window != null ? window.end() : previous.windowEnd(),
                window != null ? statements.top() : previous.topStatements(), previous.indexes());
    }
}
