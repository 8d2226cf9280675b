package dev.dbops.monitor.rules;

import dev.dbops.common.event.Severity;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What an evaluation changed, to be recorded and published: a breach opened, changed severity, or resolved. */
public sealed interface Transition {

    Rule rule();

    double value();

    /** A breach opened ({@code previous} null) or changed severity: one ThresholdBreached. */
    record Breached(Rule rule, Severity severity, @Nullable Severity previous, double value, double threshold,
            Instant since, Map<String, Object> details) implements Transition {
    }

    /** An open breach cleared: one ThresholdResolved. */
    record Resolved(Rule rule, Severity severity, double value, Instant breachedAt, Instant resolvedAt)
            implements Transition {
    }
}
