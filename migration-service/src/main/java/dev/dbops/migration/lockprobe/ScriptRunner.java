package dev.dbops.migration.lockprobe;

import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs a script statement by statement: in one transaction, or each on its own (for CONCURRENTLY and friends). */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    public static void run(Connection c, String sql, boolean transactional) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(!transactional);
        try (Statement s = c.createStatement()) {
            for (SqlStatement statement : SqlScript.split(sql)) {
                s.execute(statement.sql());
            }
            if (transactional) {
                c.commit();
            }
        } catch (SQLException e) {
            if (transactional) {
                c.rollback();
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
