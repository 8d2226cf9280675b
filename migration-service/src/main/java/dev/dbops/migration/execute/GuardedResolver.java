package dev.dbops.migration.execute;

import dev.dbops.migration.project.Placeholders;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.resolver.sql.SqlMigrationResolver;

/**
 * Flyway's own SQL migration resolver (naming, ordering, per-script .conf, placeholders, checksums), with
 * every migration it finds executed through a {@link ScriptExecution}. It replaces Flyway's default
 * resolvers for a request's run (and its rehearsal on a scratch copy), so that Flyway keeps deciding what
 * runs when and dbops only how each script waits for, or shows, its locks.
 */
public final class GuardedResolver implements MigrationResolver {

    private final DataSource dataSource;
    private final ScriptExecution guard;

    public GuardedResolver(DataSource dataSource, ScriptExecution guard) {
        this.dataSource = dataSource;
        this.guard = guard;
    }

    @Override
    public List<ResolvedMigration> resolveMigrations(Context context) {
        SqlMigrationResolver flywaySql = new SqlMigrationResolver(context.resourceProvider,
                context.sqlScriptExecutorFactory, context.sqlScriptFactory, context.configuration,
                Placeholders.of(dataSource, context.configuration).parsingContext());
        return flywaySql.resolveMigrations(context).stream()
                .<ResolvedMigration>map(migration -> new GuardedMigration(migration, guard))
                .toList();
    }
}
