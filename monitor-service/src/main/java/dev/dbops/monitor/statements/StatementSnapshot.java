package dev.dbops.monitor.statements;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * pg_stat_statements of one target database at one moment.
 *
 * @param statsReset pg_stat_statements_info.stats_reset (PG14+), null before
 * @param dealloc pg_stat_statements_info.dealloc: entries evicted so far (PG14+), 0 before
 */
public record StatementSnapshot(Instant capturedAt, @Nullable Instant statsReset, long dealloc,
        Map<StatementKey, Counters> entries) {
}
