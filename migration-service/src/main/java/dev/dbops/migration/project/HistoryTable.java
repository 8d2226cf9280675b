package dev.dbops.migration.project;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Flyway's schema history table on the target, for what Flyway community does not write: undo (recorded
 * as Flyway's DELETE rows, after which Flyway sees the version as pending again) and removal of the row
 * a failed non-transactional step leaves behind, before it is retried.
 */
public final class HistoryTable {

    private final String qualifiedName;

    private HistoryTable(String qualifiedName) {
        this.qualifiedName = qualifiedName;
    }

    public static HistoryTable of(Flyway flyway, Connection connection) throws SQLException {
        Configuration conf = flyway.getConfiguration();
        String schema = conf.getDefaultSchema() != null ? conf.getDefaultSchema()
                : conf.getSchemas().length > 0 ? conf.getSchemas()[0] : null;
        if (schema == null) {
            try (ResultSet rs = connection.createStatement().executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = rs.getString(1);
            }
        }
        return new HistoryTable(quote(schema) + "." + quote(conf.getTable()));
    }

    /** One row of the history, as Flyway writes it. */
    public record Row(int installedRank, @Nullable String version, String description, String type, String script,
            @Nullable Integer checksum, String installedBy, Instant installedOn, int executionTimeMs, boolean success) {
    }

    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualifiedName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public List<Row> rows(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        if (!exists(c)) {
            return rows;
        }
        try (ResultSet rs = c.createStatement().executeQuery("SELECT installed_rank, version, description, type, "
                + "script, checksum, installed_by, installed_on, execution_time, success FROM " + qualifiedName
                + " ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        (Integer) rs.getObject(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getInt(9),
                        rs.getBoolean(10)));
            }
        }
        return rows;
    }

    /**
     * Copies this history's rows from {@code from} into the same, empty table on {@code to} (a schema-only
     * copy of the target), so that Flyway there sees what it sees on the target.
     */
    public void copyRows(Connection from, Connection to) throws SQLException {
        try (PreparedStatement ps = to.prepareStatement("INSERT INTO " + qualifiedName + " (installed_rank, version, "
                + "description, type, script, checksum, installed_by, installed_on, execution_time, success) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Row row : rows(from)) {
                ps.setInt(1, row.installedRank());
                ps.setString(2, row.version());
                ps.setString(3, row.description());
                ps.setString(4, row.type());
                ps.setString(5, row.script());
                ps.setObject(6, row.checksum(), java.sql.Types.INTEGER);
                ps.setString(7, row.installedBy());
                ps.setTimestamp(8, Timestamp.from(row.installedOn()));
                ps.setInt(9, row.executionTimeMs());
                ps.setBoolean(10, row.success());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records that {@code version} was undone by {@code script}: Flyway then reports it pending again. */
    public void recordUndo(Connection c, String version, String description, String script, String installedBy,
            long executionTimeMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualifiedName + " (installed_rank, version, "
                + "description, type, script, checksum, installed_by, installed_on, execution_time, success) "
                + "SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, 'DELETE', ?, NULL, ?, ?, ?, true FROM "
                + qualifiedName)) {
            ps.setString(1, version);
            ps.setString(2, description);
            ps.setString(3, script);
            ps.setString(4, installedBy);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setInt(6, (int) executionTimeMs);
            ps.executeUpdate();
        }
    }

    /** Removes the failed row a non-transactional step left, so Flyway retries it instead of refusing to run. */
    public int forgetFailure(Connection c, String version) throws SQLException {
        if (!exists(c)) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qualifiedName
                + " WHERE version = ? AND NOT success")) {
            ps.setString(1, version);
            return ps.executeUpdate();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
