package dev.dbops.migration.project;

import dev.dbops.common.target.Target;
import dev.dbops.migration.config.TargetPolicy;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.stereotype.Component;

/**
 * Flyway, configured for one target and its project: the engine for ordering, checksums, the history
 * table on the target (where an existing Flyway project keeps it) and Flyway's own lock.
 */
@Component
public class FlywayFactory {

    /**
     * @param targetVersion the version to stop at; the latest when null
     * @param lockTimeout the target's latency budget: how long a statement may queue for its lock
     * @param applicationName names the sessions on the target, so their blockers can be found
     * @param callbacks whether this Flyway runs the request (with the project's callbacks) or only reads the state
     */
    public record Options(@Nullable String targetVersion, Duration lockTimeout, Duration statementTimeout,
            int maintenanceWorkers, String applicationName, boolean callbacks) {

        public static Options inspect(@Nullable String targetVersion) {
            return new Options(targetVersion, Duration.ZERO, Duration.ZERO, 0, "dbops-migration", false);
        }

        public static Options run(@Nullable String targetVersion, TargetPolicy policy, String applicationName,
                boolean callbacks) {
            return new Options(targetVersion, policy.lockTimeout(), policy.statementTimeout(),
                    policy.maintenanceWorkers(), applicationName, callbacks);
        }
    }

    public Flyway flyway(Target target, MigrationProject project, Options options) {
        return configure(target, project, options).load();
    }

    /**
     * Flyway as the project configures it ({@code flyway.toml} / {@code flyway.conf}: locations, schemas,
     * placeholders, baseline, mixed, outOfOrder ...), on the target's lock-safe sessions, never cleaning.
     */
    public FluentConfiguration configure(Target target, MigrationProject project, Options options) {
        Configuration settings = project.configuration();
        FluentConfiguration configuration = Flyway.configure(getClass().getClassLoader())
                .configuration(settings)
                // A session-level lock: a transaction-level one holds a snapshot that CREATE INDEX CONCURRENTLY waits for.
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .dataSource(dataSource(target, options))
                .target(options.targetVersion() == null ? "latest" : options.targetVersion())
                .skipDefaultCallbacks(!options.callbacks() || settings.isSkipDefaultCallbacks())
                .cleanDisabled(true);
        if (!options.callbacks()) {
            // reading the state: pending scripts are what a plan is about, not an error
            configuration.ignoreMigrationPatterns("*:pending");
        }
        return configuration;
    }

    /** Sessions with the latency budget as lock_timeout and a bound on every statement. */
    public static PGSimpleDataSource dataSource(Target target, Options options) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(target.url());
        ds.setUser(target.username());
        if (target.password() != null) {
            ds.setPassword(target.password());
        }
        ds.setApplicationName(options.applicationName());
        ds.setOptions("-c lock_timeout=" + options.lockTimeout().toMillis() + " -c statement_timeout="
                + options.statementTimeout().toMillis() + " -c max_parallel_maintenance_workers="
                + options.maintenanceWorkers());
        return ds;
    }
}
