package dev.dbops.monitor.statements;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one poll learned from pg_stat_statements.
 *
 * @param window null on the first snapshot (a baseline: nothing to compare with yet)
 * @param texts normalised, truncated texts of the slow statements, by queryid
 */
public record StatementsOutcome(@Nullable StatementWindow window, List<SlowStatement> slow, Map<Long, String> texts,
        List<TopStatement> top) {

    public static final StatementsOutcome NONE = new StatementsOutcome(null, List.of(), Map.of(), List.of());
}
