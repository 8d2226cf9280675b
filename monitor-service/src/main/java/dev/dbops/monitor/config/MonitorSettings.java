package dev.dbops.monitor.config;

import dev.dbops.monitor.rules.RuleBook;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code dbops.monitor.*}: how often targets are polled, what makes a query slow, the rules' levels and
 * hysteresis, and per-target overrides ({@code dbops.monitor.targets.<id>.rules.<rule-key>.warning}).
 */
@ConfigurationProperties("dbops.monitor")
public record MonitorSettings(@DefaultValue Poll poll, @DefaultValue SlowQueries slowQueries,
        @DefaultValue Rules rules, @DefaultValue Tables tables, @DefaultValue Indexes indexes,
        @DefaultValue Map<String, TargetOverrides> targets) {

    /**
     * @param interval how often every target is polled (activity, statements, database counters)
     * @param heavyInterval how often the heavier checks run (database size, per-table dead tuples)
     * @param connectTimeout TCP connect and login timeout: an unreachable target fails fast
     * @param statementTimeout statement_timeout of every monitoring query
     * @param failuresToOpen consecutive failed polls that open a target's circuit breaker
     * @param maxBackoff longest time an open circuit waits before trying the target again
     * @param connectionsPerServer the most connections the monitor opens to one server (host and port) at once,
     *     shared by the targets on it: polls of its databases queue for them
     */
    public record Poll(@DefaultValue("15s") Duration interval, @DefaultValue("5m") Duration heavyInterval,
            @DefaultValue("2s") Duration connectTimeout, @DefaultValue("2s") Duration statementTimeout,
            @DefaultValue("3") int failuresToOpen, @DefaultValue("2m") Duration maxBackoff,
            @DefaultValue("3") int connectionsPerServer) {
    }

    /**
     * @param threshold a statement is slow when its mean over one window reaches this (PgHero: 20ms)
     * @param minCalls and it ran at least this often in the window (PgHero: 100)
     * @param maxQueryLength the normalised text in events is cut to this many characters
     * @param repeatAfter the same statement on the same target is reported again only after this long
     * @param top how many statements the status shows (by time spent in the last window)
     * @param retention how long slow windows are kept in the schema
     */
    public record SlowQueries(@DefaultValue("1000ms") Duration threshold, @DefaultValue("1") long minCalls,
            @DefaultValue("1000") int maxQueryLength, @DefaultValue("15m") Duration repeatAfter,
            @DefaultValue("10") int top, @DefaultValue("30d") Duration retention) {
    }

    /**
     * @param breachAfter N: consecutive evaluations beyond a level before a breach opens or changes severity
     * @param clearAfter M: consecutive clean evaluations before a breach resolves
     * @param levels overrides of the default levels for every target, by rule key ({@code connections-usage});
     *     a field left out keeps the default
     */
    public record Rules(@DefaultValue("2") int breachAfter, @DefaultValue("2") int clearAfter,
            @DefaultValue Map<String, RuleBook.Override> levels) {
    }

    /**
     * @param rules overrides for this target, by rule key; a field left out keeps dbops.monitor.rules.levels
     * @param storageQuota the database size the storage rule measures against; no quota, no storage rule
     * @param interval this target's poll interval, when it differs from dbops.monitor.poll.interval
     */
    public record TargetOverrides(@Nullable DataSize storageQuota, @Nullable Duration interval,
            @DefaultValue Map<String, RuleBook.Override> rules) {
    }

    /**
     * @param minDeadTuples tables with fewer dead tuples are not judged by the dead-tuple rules
     */
    public record Tables(@DefaultValue("10000") long minDeadTuples) {
    }

    /**
     * PgHero's index checks.
     *
     * @param interval how often the index report is refreshed (metrics); REST computes it on demand
     * @param unusedMinSize an unused index smaller than this is not worth reporting
     * @param seqScanMinRows tables below this many live rows are not reported for sequential scans
     * @param seqScanMaxIndexPercent a table is "read mostly by sequential scans" below this share of index scans
     */
    public record Indexes(@DefaultValue("24h") Duration interval, @DefaultValue("1MB") DataSize unusedMinSize,
            @DefaultValue("10000") long seqScanMinRows, @DefaultValue("95") double seqScanMaxIndexPercent) {
    }
}
