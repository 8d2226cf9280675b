package dev.dbops.migration.config;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The migration-service's settings ({@code dbops.migration.*}): which migration project each target is
 * bound to, the default policy and per-target overrides, the worker and the tools it runs.
 *
 * @param policy the policy of every target unless its binding overrides a field
 * @param targets target id to its migration project and policy overrides
 */
@ConfigurationProperties("dbops.migration")
public record MigrationSettings(@DefaultValue Worker worker, @DefaultValue Tools tools,
        @DefaultValue PolicySettings policy, @DefaultValue Map<String, Binding> targets) {

    /**
     * @param pollInterval how often the worker looks for requests to advance
     * @param threads how many targets migrate at once in this instance
     */
    public record Worker(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("4") int threads) {
    }

    /**
     * The PostgreSQL client programs the scratch copies need, from PATH unless absolute, and how long one
     * run may take before it is stopped.
     */
    public record Tools(@DefaultValue("pg_dump") String pgDump, @DefaultValue("psql") String psql,
            @DefaultValue("10m") Duration timeout) {
    }

    /**
     * @param project a directory in Flyway's layout, or a .zip/.jar holding one
     * @param policy overrides of the default policy for this target; unset fields keep the default
     */
    public record Binding(String project, @Nullable PolicyOverrides policy) {
    }

    /**
     * The default policy; every field has a value.
     *
     * @param maintenanceWorkers max_parallel_maintenance_workers of the migration's sessions: 0 builds an index on
     *     one core and leaves the others to the target's clients
     */
    public record PolicySettings(@DefaultValue("true") boolean backupFirst,
            @DefaultValue("block-critical") LintPolicy lintPolicy, @DefaultValue("200ms") Duration lockTimeout,
            @DefaultValue("30m") Duration statementTimeout, @DefaultValue Retries retries,
            @DefaultValue("true") boolean autoUndo, @DefaultValue("true") boolean lockProbe,
            @DefaultValue("true") boolean rehearsal, @DefaultValue("30m") Duration backupTimeout,
            @DefaultValue("0") int maintenanceWorkers) {
    }

    /** A target's deviations from the default policy. */
    public record PolicyOverrides(@Nullable Boolean backupFirst, @Nullable LintPolicy lintPolicy,
            @Nullable Duration lockTimeout, @Nullable Duration statementTimeout, @Nullable Retries retries,
            @Nullable Boolean autoUndo, @Nullable Boolean lockProbe, @Nullable Boolean rehearsal,
            @Nullable Duration backupTimeout, @Nullable Integer maintenanceWorkers) {
    }

    /**
     * Lock-timeout retries: exponential back-off with jitter (for reference, pgroll starts at 500 ms and
     * backs off up to a minute).
     *
     * @param maxAttempts attempts per step, the first included
     */
    public record Retries(@DefaultValue("10") int maxAttempts, @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier, @DefaultValue("60s") Duration maxBackoff) {
    }
}
