package dev.dbops.migration.undo;

import dev.dbops.common.target.Target;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.execute.LockSafeRunner;
import dev.dbops.migration.execute.StepFailedException;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.project.Step;
import dev.dbops.migration.project.UndoExecution;
import java.sql.Connection;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an undo script U<version>__*.sql (Flyway community does not) lock-safely, as Flyway runs the project's
 * scripts (see {@link UndoExecution}), and records it in the target's Flyway history in the same transaction,
 * as Flyway's own DELETE row: Flyway then sees the version as pending again, so a later migrate re-applies it.
 */
@Component
public class Undoer {

    private static final Logger log = LoggerFactory.getLogger(Undoer.class);

    private final FlywayFactory flyways;

    public Undoer(FlywayFactory flyways) {
        this.flyways = flyways;
    }

    /** @param undo a step of kind {@code undo} from a rollback plan */
    public long undo(Target target, MigrationProject project, TargetPolicy policy, Step undo, String applicationName)
            throws StepFailedException, InterruptedException {
        FlywayFactory.Options options = FlywayFactory.Options.run(null, policy, applicationName, false);
        Flyway flyway = flyways.flyway(target, project, options);
        long started = System.nanoTime();
        LockSafeRunner.run(target, applicationName, policy, "undo " + undo.script(), () -> { }, () -> {
            try (Connection c = FlywayFactory.dataSource(target, options).getConnection()) {
                UndoExecution.run(c, flyway, undo.version(), undo.description(), undo.script(), undo.sql(),
                        target.username());
            }
            return null;
        });
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        log.info("Undid version {} of target {} with {} in {} ms", undo.version(), target.id(), undo.script(),
                durationMs);
        return durationMs;
    }
}
