package dev.dbops.monitor.poll;

import dev.dbops.monitor.checks.Observations;
import dev.dbops.monitor.statements.StatementsOutcome;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One poll of one target.
 *
 * @param error why the target could not be reached (passwords redacted), null when it was
 */
public record PollResult(String target, Instant at, boolean reachable, @Nullable String error,
        CircuitBreaker.State circuit, Observations observations, StatementsOutcome statements, Duration duration) {
}
