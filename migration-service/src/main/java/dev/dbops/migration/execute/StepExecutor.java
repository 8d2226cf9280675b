package dev.dbops.migration.execute;

import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.target.Target;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.plan.Step;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.HistoryTable;
import dev.dbops.migration.project.MigrationProject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies one versioned step with Flyway, lock-safely: its sessions carry the target's lock_timeout and
 * statement_timeout, a lock timeout is retried with back-off, and before every attempt the leftovers of a
 * failed non-transactional attempt (Flyway's failed history row, INVALID indexes) are cleared.
 */
@Component
public class StepExecutor {

    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);

    private final FlywayFactory flyways;

    public StepExecutor(FlywayFactory flyways) {
        this.flyways = flyways;
    }

    /**
     * @param last the request's last step: Flyway's callbacks (afterMigrate.sql ...) run with it
     * @param finalVersion the version the request ends at, so repeatable scripts are applied with the last step
     */
    public AppliedStep apply(Target target, MigrationProject project, TargetPolicy policy, Step step, boolean last,
            String finalVersion, String applicationName) throws StepFailedException {
        Flyway flyway = flyways.flyway(target, project,
                FlywayFactory.Options.run(last ? finalVersion : step.version(), policy, applicationName, last));
        List<String> builds = InvalidIndexes.builtBy(step.sql());
        long started = System.nanoTime();
        LockSafeRunner.Outcome<MigrateResult> outcome = LockSafeRunner.run(target, applicationName, policy,
                "step " + step.label(), () -> clearFailedAttempt(target, policy, flyway, step, builds, applicationName), flyway::migrate);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        for (MigrateOutput applied : outcome.value().migrations) {
            log.info("Applied {} {} to target {} in {} ms", applied.version, applied.description, target.id(),
                    applied.executionTime);
        }
        return new AppliedStep(step.version(), step.description(), durationMs, outcome.lockRetries());
    }

    /** Removes what a failed (non-transactional) attempt left, so the step can run again from a clean state. */
    public void clearFailedAttempt(Target target, TargetPolicy policy, Flyway flyway, Step step, List<String> builds,
            String applicationName)
            throws SQLException {
        try (Connection c = FlywayFactory.dataSource(target, FlywayFactory.Options.run(null, policy, applicationName,
                false)).getConnection()) {
            int forgotten = HistoryTable.of(flyway, c).forgetFailure(c, step.version());
            List<String> dropped = InvalidIndexes.dropInvalid(c, builds);
            if (forgotten > 0 || !dropped.isEmpty()) {
                log.info("Cleared a failed attempt of {} on target {}: {} failed history row(s), INVALID indexes {}",
                        step.label(), target.id(), forgotten, dropped);
            }
        }
    }
}
