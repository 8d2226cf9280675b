package dev.dbops.migration.execute;

import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.target.Target;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.HistoryTable;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.project.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a request with one Flyway {@code migrate}, exactly as plain Flyway would apply the project with
 * its configuration (versioned scripts in order, repeatable scripts after them when new or changed,
 * callbacks at their events, placeholders, baseline, outOfOrder ...), while every script Flyway executes
 * waits for its locks lock-safely ({@link StepGuard}) on sessions with the target's lock_timeout and
 * statement_timeout.
 */
@Component
public class RequestMigrator {

    private static final Logger log = LoggerFactory.getLogger(RequestMigrator.class);

    private final FlywayFactory flyways;

    public RequestMigrator(FlywayFactory flyways) {
        this.flyways = flyways;
    }

    /** What a run applied and, when it stopped early, why. */
    public record Run(List<AppliedStep> applied, @Nullable Failed failed) {
    }

    /**
     * @param version the failed versioned script's version; null for a repeatable script, a callback or
     *        Flyway's own checks
     * @param script the failed script (or callback), when known
     */
    public record Failed(String code, @Nullable String version, @Nullable String script, @Nullable String sqlState,
            String message) {
    }

    /**
     * Runs the pending scripts up to {@code targetVersion} (the latest when null).
     *
     * @throws InterruptedException when the service is stopping: the request is to be resumed, not failed
     */
    public Run migrate(Target target, MigrationProject project, TargetPolicy policy, @Nullable String targetVersion,
            List<Step> pending, String applicationName) throws InterruptedException, SQLException {
        FlywayFactory.Options options = FlywayFactory.Options.run(targetVersion, policy, applicationName, true);
        FluentConfiguration configuration = flyways.configure(target, project, options);
        StepGuard guard = new StepGuard(target, policy, applicationName);
        Flyway flyway = configuration.skipDefaultResolvers(true)
                .resolvers(new GuardedResolver(configuration.getDataSource(), guard))
                .load();
        try (Connection c = configuration.getDataSource().getConnection()) {
            clearFailedAttempts(target, flyway, c, pending);
        }
        try {
            flyway.migrate();
            return new Run(guard.applied(), null);
        } catch (FlywayException e) {
            if (guard.interrupted() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("the service is stopping during the request's run");
            }
            return new Run(guard.applied(), failed(guard.failure(), e));
        }
    }

    /** Whether Flyway's history holds a failed row of {@code version}: a non-transactional script failed halfway. */
    public boolean leftFailedRow(Target target, MigrationProject project, String version) throws SQLException {
        Flyway flyway = flyways.flyway(target, project, FlywayFactory.Options.inspect(null));
        try (Connection c = target.connect()) {
            return HistoryTable.of(flyway, c).rows(c).stream()
                    .anyMatch(row -> version.equals(row.version()) && !row.success());
        }
    }

    private static Failed failed(StepGuard.@Nullable Failure failure, FlywayException e) {
        if (failure != null) {
            var migration = failure.migration();
            return new Failed(failure.problem().code(), migration.isVersioned() ? migration.getVersion().getVersion()
                    : null, migration.getScript(), failure.problem().sqlState(), failure.problem().getMessage());
        }
        SQLException sql = LockSafeRunner.sqlCause(e);
        String sqlState = sql == null ? null : sql.getSQLState();
        if (e instanceof FlywayMigrateException migrate && migrate.getMigration() != null) {
            var info = migrate.getMigration();
            String version = info.isVersioned() ? info.getVersion().getVersion() : null;
            return new Failed("step-failed", version, info.getScript(), sqlState, (version != null ? "step V" + version
                    : "script " + info.getScript()) + " failed: " + firstLines(e.getMessage()));
        }
        // a callback (beforeMigrate, afterMigrate ...) or Flyway's own validation refused to go on
        return new Failed("step-failed", null, null, sqlState, "Flyway stopped: " + firstLines(e.getMessage()));
    }

    /**
     * Removes what a failed non-transactional attempt of an earlier request left (Flyway's failed history
     * row, INVALID indexes of its CONCURRENTLY builds), so Flyway runs the step again from a clean state.
     */
    private static void clearFailedAttempts(Target target, Flyway flyway, Connection c, List<Step> pending)
            throws SQLException {
        HistoryTable history = HistoryTable.of(flyway, c);
        for (Step step : pending) {
            if (step.version() == null) {
                continue;
            }
            int forgotten = history.forgetFailure(c, step.version());
            List<String> dropped = InvalidIndexes.dropInvalid(c, InvalidIndexes.builtBy(step.sql()));
            if (forgotten > 0 || !dropped.isEmpty()) {
                log.info("Cleared a failed attempt of {} on target {}: {} failed history row(s), INVALID indexes {}",
                        step.label(), target.id(), forgotten, dropped);
            }
        }
    }

    private static String firstLines(@Nullable String message) {
        if (message == null) {
            return "unknown error";
        }
        String text = String.join(" ", message.strip().lines().map(String::strip).filter(l -> !l.isEmpty())
                .limit(4).toList());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
