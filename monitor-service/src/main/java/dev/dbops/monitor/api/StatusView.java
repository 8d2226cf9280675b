package dev.dbops.monitor.api;

import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.statements.TopStatement;
import dev.dbops.monitor.store.Breach;
import dev.dbops.monitor.store.SlowQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the monitor's REST API. */
final class StatusView {

    private StatusView() {
    }

    record TargetSummary(String target, boolean reachable, Instant lastPoll, int openBreaches, String worstSeverity) {
    }

    record TargetDetail(String target, boolean reachable, Instant lastPoll, String error, String circuit,
            long pollMillis, List<String> failedChecks, Map<String, RuleValue> rules, Map<String, Double> values,
            List<BreachView> openBreaches, Window window, List<TopStatement> topStatements,
            List<SlowQueryView> recentSlowQueries, Instant lastBackupCompletedAt, IndexReport indexes) {
    }

    record RuleValue(double value, String unit, String severity, Map<String, Object> details) {
    }

    record Window(Instant start, Instant end) {
    }

    record BreachView(String rule, String severity, double value, Double threshold, String unit, Instant since,
            Instant changedAt, Instant resolvedAt, Double resolvedValue, String details) {

        static BreachView of(Breach b) {
            return new BreachView(b.rule(), b.severity().toLowerCase(java.util.Locale.ROOT), b.value(), b.threshold(),
                    b.unit(), b.since(), b.changedAt(), b.resolvedAt(), b.resolvedValue(), b.details());
        }
    }

    record SlowQueryView(String queryId, String query, long calls, double meanMs, double totalMs, double rowsPerCall,
            Instant windowStart, Instant windowEnd, double thresholdMs, boolean published) {

        static SlowQueryView of(SlowQuery s) {
            return new SlowQueryView(s.queryId(), s.query(), s.calls(), s.meanMs(), s.totalMs(), s.rowsPerCall(),
                    s.windowStart(), s.windowEnd(), s.thresholdMs(), s.published());
        }
    }
}
