package dev.dbops.monitor.statements;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per queryid, calls and total time in the window give the mean; slow when it reaches the threshold. */
public final class SlowQueryDetector {

    private SlowQueryDetector() {
    }

    public static List<SlowStatement> slow(StatementWindow window, double thresholdMs, long minCalls) {
        Map<Long, List<StatementDelta>> byQuery = new LinkedHashMap<>();
        for (StatementDelta delta : window.deltas()) {
            byQuery.computeIfAbsent(delta.key().queryId(), id -> new ArrayList<>()).add(delta);
        }
        List<SlowStatement> slow = new ArrayList<>();
        byQuery.forEach((queryId, deltas) -> {
            long calls = deltas.stream().mapToLong(StatementDelta::calls).sum();
            double total = deltas.stream().mapToDouble(StatementDelta::totalMs).sum();
            long rows = deltas.stream().mapToLong(StatementDelta::rows).sum();
            if (calls > 0 && calls >= minCalls && total / calls >= thresholdMs) {
                slow.add(new SlowStatement(queryId, deltas.stream().map(StatementDelta::key).toList(), calls, total,
                        rows));
            }
        });
        slow.sort(Comparator.comparingDouble(SlowStatement::totalMs).reversed());
        return slow;
    }
}
