package dev.dbops.migration.execute;

import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CREATE INDEX CONCURRENTLY that fails leaves an INVALID index behind; retrying would fail on the name
 * (or, with IF NOT EXISTS, silently keep the broken index). Drops such leftovers of a step's own builds.
 */
final class InvalidIndexes {

    private static final Pattern CONCURRENT_BUILD = Pattern.compile(
            "(?i)^CREATE (?:UNIQUE )?INDEX CONCURRENTLY (?:IF NOT EXISTS )?(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)");

    private InvalidIndexes() {
    }

    /** The names of the indexes a script builds concurrently. */
    static List<String> builtBy(String sql) {
        List<String> names = new ArrayList<>();
        for (SqlStatement statement : SqlScript.split(sql)) {
            Matcher m = CONCURRENT_BUILD.matcher(statement.normalized());
            if (m.find()) {
                String name = m.group(1);
                names.add(name.startsWith("\"") ? name.substring(1, name.length() - 1) : name.toLowerCase());
            }
        }
        return names;
    }

    /** Drops those of {@code names} that exist and are INVALID; returns the dropped ones. */
    static List<String> dropInvalid(Connection c, List<String> names) throws SQLException {
        List<String> dropped = new ArrayList<>();
        for (String name : names) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE c.relname = ? AND NOT i.indisvalid AND pg_table_is_visible(c.oid)""")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String qualified = rs.getString(1);
                        c.createStatement().execute("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
                        dropped.add(qualified);
                    }
                }
            }
        }
        return dropped;
    }
}
