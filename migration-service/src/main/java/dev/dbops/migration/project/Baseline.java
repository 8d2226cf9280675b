package dev.dbops.migration.project;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether Flyway's {@code migrate} will baseline the target first ({@code baselineOnMigrate} on a database
 * with no history table whose schemas are not empty), and so skip every version up to the baseline.
 */
public final class Baseline {

    private Baseline() {
    }

    /** The version Flyway will baseline at before migrating, or null when it will not baseline. */
    public static @Nullable MigrationVersion onMigrate(Flyway flyway, boolean historyExists) {
        Configuration conf = flyway.getConfiguration();
        if (historyExists || !conf.isBaselineOnMigrate()) {
            return null;
        }
        try (JdbcConnectionFactory connections = new JdbcConnectionFactory(conf.getDataSource(), conf, null);
                Database<?> database = connections.getDatabaseType().createDatabase(conf, connections, null)) {
            // Flyway's own test: one of the configured schemas (the session's current one when none) is not empty
            List<Schema<?, ?>> schemas = new ArrayList<>();
            if (conf.getDefaultSchema() != null) {
                schemas.add(database.getMainConnection().getSchema(conf.getDefaultSchema()));
            }
            for (String name : conf.getSchemas()) {
                schemas.add(database.getMainConnection().getSchema(name));
            }
            if (schemas.isEmpty()) {
                schemas.add(database.getMainConnection().getCurrentSchema());
            }
            return schemas.stream().anyMatch(s -> s.exists() && !s.empty()) ? conf.getBaselineVersion() : null;
        }
    }
}
