package dev.dbops.migration.execute;

import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.target.Target;
import dev.dbops.migration.config.TargetPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.executor.Context;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.jdbc.Results;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dbops's lock safety around each script Flyway executes in one request's run: a lock timeout (or
 * deadlock) is retried with back-off, after the attempt's work is undone — back to a savepoint taken at
 * the start of the script when Flyway runs it in a transaction (every lock the script took is released
 * while it waits), or, outside a transaction, by dropping the INVALID indexes its CONCURRENTLY builds
 * left. Flyway sees one execution per script, so its callbacks, history and error handling are its own.
 */
final class StepGuard implements ScriptExecution {

    private static final Logger log = LoggerFactory.getLogger(StepGuard.class);

    private final Target target;
    private final TargetPolicy policy;
    private final String applicationName;
    private final List<AppliedStep> applied = new ArrayList<>();
    private @Nullable Failure failure;
    private boolean interrupted;

    /** A script that did not apply after its retries, and what went wrong. */
    record Failure(ResolvedMigration migration, StepFailedException problem) {
    }

    StepGuard(Target target, TargetPolicy policy, String applicationName) {
        this.target = target;
        this.policy = policy;
        this.applicationName = applicationName;
    }

    @Override
    public List<Results> execute(ResolvedMigration migration, Context context) throws SQLException {
        String what = migration.isVersioned() ? "step V" + migration.getVersion().getVersion() + " ("
                + migration.getDescription() + ")" : "repeatable script " + migration.getScript();
        if (Thread.currentThread().isInterrupted()) {
            interrupted = true;
            throw new SQLException(what + " not started: the service is stopping");
        }
        Connection connection = context.getConnection();
        boolean transactional = !connection.getAutoCommit();
        List<String> builds = InvalidIndexes.builtBy(sqlOf(migration));
        long started = System.nanoTime();
        try {
            LockSafeRunner.Outcome<List<Results>> outcome = LockSafeRunner.run(target, applicationName, policy, what,
                    () -> {
                        if (!transactional) {
                            List<String> dropped = InvalidIndexes.dropInvalid(connection, builds);
                            if (!dropped.isEmpty()) {
                                log.info("Dropped INVALID indexes {} left by a failed attempt of {} on target {}",
                                        dropped, what, target.id());
                            }
                        }
                    },
                    () -> transactional ? inSavepoint(connection, () -> migration.getExecutor().execute(context))
                            : migration.getExecutor().execute(context));
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            // one line per script, as before a request became one Flyway migrate: operators (and the scale-out
            // system test) read which instance applied what from it
            log.info("Applied {} {} to target {} in {} ms ({} lock retries)", migration.getVersion() == null
                    ? "repeatable" : migration.getVersion().getVersion(), migration.getDescription(), target.id(),
                    durationMs, outcome.lockRetries());
            if (migration.isVersioned()) {
                applied.add(new AppliedStep(migration.getVersion().getVersion(), migration.getDescription(), durationMs,
                        outcome.lockRetries()));
            }
            return outcome.value();
        } catch (StepFailedException e) {
            failure = new Failure(migration, e);
            throw new SQLException(e.getMessage(), e.sqlState(), e);
        } catch (InterruptedException e) {
            interrupted = true;
            Thread.currentThread().interrupt();
            throw new SQLException(what + " stopped waiting for its locks: the service is stopping", e);
        }
    }

    /** The versioned steps this run applied, in order. */
    List<AppliedStep> applied() {
        return List.copyOf(applied);
    }

    /** The script that failed after its retries, if one did. */
    @Nullable Failure failure() {
        return failure;
    }

    /** Whether the run stopped because the service is stopping: the request is to be resumed, not failed. */
    boolean interrupted() {
        return interrupted;
    }

    private static <T> T inSavepoint(Connection connection, LockSafeRunner.Attempt<T> attempt) throws Exception {
        Savepoint savepoint = connection.setSavepoint();
        try {
            T result = attempt.run();
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (Exception e) {
            connection.rollback(savepoint);
            throw e;
        }
    }

    private static String sqlOf(ResolvedMigration migration) {
        String location = migration.getPhysicalLocation();
        if (location == null || location.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(location));
        } catch (IOException e) {
            return "";
        }
    }
}
