package dev.dbops.monitor.statements;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Computes a window from two snapshots of pg_stat_statements without ever resetting the view. */
public final class StatementDeltas {

    private StatementDeltas() {
    }

    public static StatementWindow between(StatementSnapshot earlier, StatementSnapshot later) {
        boolean reset = later.statsReset() != null && !later.statsReset().equals(earlier.statsReset());
        Map<StatementKey, Counters> before = reset ? Map.of() : earlier.entries();
        Instant start = reset && later.statsReset().isAfter(earlier.capturedAt()) ? later.statsReset()
                : earlier.capturedAt();
        List<StatementDelta> deltas = new ArrayList<>();
        int firstSeen = 0;
        int restarted = 0;
        for (Map.Entry<StatementKey, Counters> entry : later.entries().entrySet()) {
            Counters now = entry.getValue();
            Counters then = before.get(entry.getKey());
            Counters delta;
            if (then == null) {
                // New since the earlier snapshot (or since the reset): every call it counts happened in the window.
                delta = now;
                if (!reset) {
                    firstSeen++;
                }
            } else if (now.restartedSince(then)) {
                delta = now;
                restarted++;
            } else {
                delta = now.minus(then);
            }
            if (delta.calls() > 0) {
                deltas.add(StatementDelta.of(entry.getKey(), delta));
            }
        }
        int evicted = 0;
        for (StatementKey key : before.keySet()) {
            if (!later.entries().containsKey(key)) {
                evicted++;
            }
        }
        long deallocated = reset ? later.dealloc() : Math.max(0, later.dealloc() - earlier.dealloc());
        return new StatementWindow(start, later.capturedAt(), List.copyOf(deltas), firstSeen, restarted, evicted,
                reset, deallocated);
    }
}
