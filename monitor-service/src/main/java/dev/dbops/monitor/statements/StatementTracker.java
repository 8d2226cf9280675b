package dev.dbops.monitor.statements;

import dev.dbops.monitor.checks.MonitorSql;
import dev.dbops.monitor.checks.Observations;
import dev.dbops.monitor.checks.ServerInfo;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One target's pg_stat_statements between polls: keeps the previous snapshot of its database in memory (a restart
 * starts with a baseline), turns each new snapshot into a window, finds slow statements and estimates the p95 latency. The
 * own statements of dbops (found by {@link MonitorSql#OWN_PREFIX}) are left out.
 */
public final class StatementTracker {

    private final double thresholdMs;
    private final long minCalls;
    private final int maxQueryLength;
    private final int top;
    private final SharedStatements shared;
    private final String serverKey;
    private final Duration maxAge;
    private final Map<Long, String> textCache = new HashMap<>();
    private Set<Long> own = Set.of();
    private Instant ownRefreshed = Instant.MIN;
    private StatementSnapshot previous;

    /**
     * @param serverKey which targets share pg_stat_statements snapshots (same server and user)
     * @param maxAge the oldest shared snapshot this target takes (half its poll interval)
     */
    public StatementTracker(double thresholdMs, long minCalls, int maxQueryLength, int top, SharedStatements shared,
            String serverKey, Duration maxAge) {
        this.thresholdMs = thresholdMs;
        this.minCalls = minCalls;
        this.maxQueryLength = maxQueryLength;
        this.top = top;
        this.shared = shared;
        this.serverKey = serverKey;
        this.maxAge = maxAge;
    }

    public StatementsOutcome poll(Connection connection, ServerInfo server, Instant now, Observations obs)
            throws SQLException {
        if (server.statementsSchema() == null) {
            obs.failed("statements: pg_stat_statements is not installed in the target database");
            return StatementsOutcome.NONE;
        }
        StatementSnapshot snapshot = shared.snapshot(serverKey, maxAge, connection, server, now);
        obs.value("statements.tracked", snapshot.entries().size());
        StatementSnapshot earlier = previous;
        if (earlier != null && !snapshot.capturedAt().isAfter(earlier.capturedAt())) {
            return StatementsOutcome.NONE;   // the server's snapshot this target already diffed: no new window
        }
        previous = snapshot;
        if (earlier == null) {
            return StatementsOutcome.NONE;
        }
        StatementWindow all = StatementDeltas.between(earlier, snapshot);
        if (ownRefreshed == Instant.MIN || (all.firstSeen() > 0 && !now.isBefore(ownRefreshed.plusSeconds(10)))) {
            own = StatementSource.ownQueryIds(connection, server);
            ownRefreshed = now;
        }
        StatementWindow window = withoutOwn(all);
        obs.value("statements.window.calls", window.calls());
        obs.value("statements.window.first-seen", window.firstSeen());
        obs.value("statements.window.evicted", window.evicted());
        obs.value("statements.window.restarted", window.restarted());
        obs.value("statements.window.deallocated", window.deallocated());
        // No statement in the window, no latency to complain about: it reads 0 and counts as clean.
        double p95 = LatencyEstimate.p95(window.deltas()).orElse(0);
        obs.value("query.latency.p95.ms", p95);
        obs.reading(Reading.of(Rule.QUERY_LATENCY_P95, p95, Map.of("calls", window.calls(),
                "windowSeconds", Duration.between(window.start(), window.end()).toSeconds())));
        List<SlowStatement> slow = SlowQueryDetector.slow(window, thresholdMs, minCalls);
        List<StatementDelta> busiest = busiest(window);
        Set<Long> wanted = new java.util.HashSet<>();
        slow.forEach(s -> wanted.add(s.queryId()));
        busiest.forEach(d -> wanted.add(d.key().queryId()));
        List<Long> missing = wanted.stream().filter(id -> !textCache.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            StatementSource.texts(connection, server, missing)
                    .forEach((id, text) -> textCache.put(id, truncate(text)));
        }
        // dbops's own statements that appeared since the last look-up (a drill's DROP DATABASE names a new
        // database every time, so it is a new statement every time) are found by their text here.
        Set<Long> lateOwn = wanted.stream()
                .filter(id -> textCache.getOrDefault(id, "").startsWith(MonitorSql.OWN_PREFIX))
                .collect(Collectors.toSet());
        if (!lateOwn.isEmpty()) {
            Set<Long> known = new java.util.HashSet<>(own);
            known.addAll(lateOwn);
            own = known;
            slow = slow.stream().filter(s -> !lateOwn.contains(s.queryId())).toList();
            busiest = busiest.stream().filter(d -> !lateOwn.contains(d.key().queryId())).toList();
        }
        // Forget texts of statements no longer in the view, so the cache stays as small as the view.
        Set<Long> present = snapshot.entries().keySet().stream().map(StatementKey::queryId).collect(Collectors.toSet());
        textCache.keySet().retainAll(present);
        Map<Long, String> texts = new LinkedHashMap<>();
        slow.forEach(s -> texts.put(s.queryId(), textCache.getOrDefault(s.queryId(), "")));
        List<TopStatement> topStatements = busiest.stream().map(d -> new TopStatement(Long.toString(d.key().queryId()),
                textCache.getOrDefault(d.key().queryId(), ""), d.calls(), d.totalMs(), d.meanMs(), d.stddevMs(),
                (double) d.rows() / d.calls())).toList();
        return new StatementsOutcome(window, slow, texts, topStatements);
    }

    /** dbops's own statements are not the target's workload: leave them out of every figure. */
    private StatementWindow withoutOwn(StatementWindow window) {
        if (own.isEmpty()) {
            return window;
        }
        return new StatementWindow(window.start(), window.end(),
                window.deltas().stream().filter(d -> !own.contains(d.key().queryId())).toList(), window.firstSeen(),
                window.restarted(), window.evicted(), window.statsReset(), window.deallocated());
    }

    /** The top statements of the window by time spent, entries of one queryid summed. */
    private List<StatementDelta> busiest(StatementWindow window) {
        Map<Long, StatementDelta> byQuery = new HashMap<>();
        for (StatementDelta d : window.deltas()) {
            byQuery.merge(d.key().queryId(), d, (a, b) -> new StatementDelta(a.key(), a.calls() + b.calls(),
                    a.totalMs() + b.totalMs(), a.rows() + b.rows(), a.sumSquaresMs() + b.sumSquaresMs()));
        }
        List<StatementDelta> sorted = new ArrayList<>(byQuery.values());
        sorted.sort(Comparator.comparingDouble(StatementDelta::totalMs).reversed());
        return sorted.subList(0, Math.min(top, sorted.size()));
    }

    private String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= maxQueryLength ? text : text.substring(0, maxQueryLength - 1) + "…";
    }
}
