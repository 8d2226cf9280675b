package dev.dbops.monitor.statements;

import java.time.Instant;
import java.util.List;

/**
 * The deltas between two snapshots: entries that ran in the window, and how the view changed under us.
 *
 * @param start the earlier snapshot, or the stats reset when the view was reset in between
 * @param firstSeen entries absent from the earlier snapshot (new statements, or re-added after eviction): all
 *     their counters belong to the window
 * @param restarted entries whose counters went down (reset one by one): their counters belong to the window
 * @param evicted entries of the earlier snapshot that are gone
 * @param statsReset whether pg_stat_statements was reset in between
 * @param deallocated entries evicted in the window by pg_stat_statements.max (PG14+); when positive, an entry
 *     evicted and re-added in the window counts only what it did since it was re-added
 */
public record StatementWindow(Instant start, Instant end, List<StatementDelta> deltas, int firstSeen,
        int restarted, int evicted, boolean statsReset, long deallocated) {

    public long calls() {
        return deltas.stream().mapToLong(StatementDelta::calls).sum();
    }
}
