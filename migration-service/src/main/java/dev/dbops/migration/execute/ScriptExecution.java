package dev.dbops.migration.execute;

import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.executor.Context;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.jdbc.Results;

/**
 * How dbops executes a script Flyway decided to run, on the connection (and in the transaction) Flyway
 * gives it: lock-safely on the target ({@link StepGuard}), or observing its locks on a scratch copy.
 */
public interface ScriptExecution {

    List<Results> execute(ResolvedMigration migration, Context context) throws SQLException;
}
