package dev.dbops.migration.execute;

import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.executor.Context;
import org.flywaydb.core.api.executor.MigrationExecutor;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.resolver.ResolvedMigrationImpl;

/**
 * One migration as Flyway resolved it, executed through a {@link ScriptExecution}. It stays a
 * {@link ResolvedMigrationImpl}, so Flyway treats it exactly as its own (checksums, validation).
 */
final class GuardedMigration extends ResolvedMigrationImpl {

    private final ResolvedMigration resolved;

    GuardedMigration(ResolvedMigration resolved, ScriptExecution guard) {
        super(resolved.getVersion(), resolved.getDescription(), resolved.getScript(), resolved.getChecksum(), null,
                resolved.getType(), resolved.getPhysicalLocation(), new Guarded(resolved, guard));
        this.resolved = resolved;
    }

    @Override
    public boolean checksumMatches(Integer checksum) {
        return resolved.checksumMatches(checksum);
    }

    @Override
    public boolean checksumMatchesWithoutBeingIdentical(Integer checksum) {
        return resolved.checksumMatchesWithoutBeingIdentical(checksum);
    }

    @Override
    public void validate() {
        if (resolved instanceof ResolvedMigrationImpl impl) {
            impl.validate();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GuardedMigration guarded && resolved.equals(guarded.resolved);
    }

    @Override
    public int hashCode() {
        return resolved.hashCode();
    }

    private record Guarded(ResolvedMigration resolved, ScriptExecution guard) implements MigrationExecutor {

        @Override
        public List<Results> execute(Context context) throws SQLException {
            return guard.execute(resolved, context);
        }

        @Override
        public boolean canExecuteInTransaction() {
            return resolved.getExecutor().canExecuteInTransaction();
        }

        @Override
        public boolean shouldExecute() {
            return resolved.getExecutor().shouldExecute();
        }

        @Override
        public String shouldExecuteExpression() {
            return resolved.getExecutor().shouldExecuteExpression();
        }
    }
}
