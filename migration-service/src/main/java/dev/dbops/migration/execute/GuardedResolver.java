package dev.dbops.migration.execute;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resolver.sql.SqlMigrationResolver;

/**
 * Flyway's own SQL migration resolver (naming, ordering, per-script .conf, placeholders, checksums), with
 * every migration it finds executed through a {@link StepGuard}. It replaces Flyway's default resolvers
 * for a request's run, so that Flyway keeps deciding what runs when and dbops only how each script waits
 * for its locks.
 */
final class GuardedResolver implements MigrationResolver {

    private final DataSource dataSource;
    private final StepGuard guard;

    GuardedResolver(DataSource dataSource, StepGuard guard) {
        this.dataSource = dataSource;
        this.guard = guard;
    }

    @Override
    public List<ResolvedMigration> resolveMigrations(Context context) {
        SqlMigrationResolver flywaySql = new SqlMigrationResolver(context.resourceProvider,
                context.sqlScriptExecutorFactory, context.sqlScriptFactory, context.configuration,
                parsingContext(context.configuration));
        return flywaySql.resolveMigrations(context).stream()
                .<ResolvedMigration>map(migration -> new GuardedMigration(migration, guard))
                .toList();
    }

    /**
     * Flyway's built-in placeholders (${flyway:defaultSchema}, ${flyway:user} ...) as Flyway fills them for
     * its own resolver: repeatable scripts' checksums are taken after placeholder replacement.
     */
    private ParsingContext parsingContext(Configuration configuration) {
        ParsingContext parsing = new ParsingContext();
        try (JdbcConnectionFactory connections = new JdbcConnectionFactory(dataSource, configuration, null);
                Database<?> database = connections.getDatabaseType().createDatabase(configuration, connections, null)) {
            parsing.populate(database, configuration);
        }
        return parsing;
    }
}
