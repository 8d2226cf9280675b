package dev.dbops.common.event;

import java.time.Instant;

/**
 * A statement whose mean time over one polling window reached the threshold.
 *
 * @param query the normalised text as pg_stat_statements gives it, truncated
 */
public record SlowQueryDetected(String target, String queryId, String query, long calls, double meanMs,
        double totalMs, double rowsPerCall, Instant windowStart, Instant windowEnd, double thresholdMs)
        implements MonitorEvent {
}
