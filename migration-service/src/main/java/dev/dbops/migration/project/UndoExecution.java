package dev.dbops.migration.project;

import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * An undo script run as Flyway runs the project's own scripts: placeholders replaced, Flyway's default
 * schema first on the search_path, and in one transaction with its DELETE row in Flyway's history. The
 * rollback of a target and the rehearsal on its scratch copy both run undo scripts this way.
 */
public final class UndoExecution {

    private UndoExecution() {
    }

    /** Runs {@code sql} on {@code c} in one transaction and records the undo; rolls back on any failure. */
    public static void run(Connection c, Flyway flyway, String version, String description, String script, String sql,
            String installedBy) throws SQLException {
        long started = System.nanoTime();
        Configuration configuration = flyway.getConfiguration();
        String replaced = Placeholders.of(configuration.getDataSource(), configuration).replace(script, sql);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            leadSearchPathWithDefaultSchema(c, configuration);
            for (SqlStatement statement : SqlScript.split(replaced)) {
                s.execute(statement.sql());
            }
            HistoryTable.of(flyway, c).recordUndo(c, version, description, script, installedBy,
                    (System.nanoTime() - started) / 1_000_000);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** As Flyway does before its scripts: the default schema (when it exists) leads the session's search_path. */
    private static void leadSearchPathWithDefaultSchema(Connection c, Configuration configuration) throws SQLException {
        String schema = configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
                : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
        if (schema == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', quote_ident(?) || ', ' "
                + "|| current_setting('search_path'), true) FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.execute();
        }
    }
}
