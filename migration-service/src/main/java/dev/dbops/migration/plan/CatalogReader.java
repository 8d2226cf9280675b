package dev.dbops.migration.plan;

import dev.dbops.migration.lint.TargetCatalog;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads what the lint needs from the target's catalog: tables, which are empty, columns' types, NOT NULL checks. */
final class CatalogReader {

    /** Exact emptiness checks beyond this many tables are skipped: those tables count as having rows. */
    private static final int MAX_EMPTINESS_CHECKS = 2_000;
    private static final String USER_TABLES = """
            FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE cl.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""";

    private CatalogReader() {
    }

    /** @param defaultSchema Flyway's default schema, which it puts first on the migration's search_path */
    static TargetCatalog read(Connection c, @Nullable String defaultSchema) throws SQLException {
        List<String> searchPath = new ArrayList<>();
        if (defaultSchema != null && !defaultSchema.isBlank()) {
            searchPath.add(defaultSchema);
        }
        Set<String> tables = new HashSet<>();
        List<String> maybeEmpty = new ArrayList<>();
        Map<String, String> columnTypes = new HashMap<>();
        Set<String> validated = new HashSet<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_schemas(false)")) {
                rs.next();
                Array schemas = rs.getArray(1);
                for (Object schema : (Object[]) schemas.getArray()) {
                    if (!searchPath.contains(schema.toString())) {
                        searchPath.add(schema.toString());
                    }
                }
            }
            // reltuples is -1 for a table never analysed and 0 for one analysed empty: only those can be empty
            try (ResultSet rs = s.executeQuery("SELECT n.nspname, cl.relname, cl.reltuples <= 0 " + USER_TABLES)) {
                while (rs.next()) {
                    String table = rs.getString(1) + "." + rs.getString(2);
                    tables.add(table);
                    if (rs.getBoolean(3)) {
                        maybeEmpty.add(rs.getString(1) + "\u0000" + rs.getString(2));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT n.nspname, cl.relname, a.attname, "
                    + "format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid "
                    + "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped "
                    + "AND cl.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    columnTypes.put(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3), rs.getString(4));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT n.nspname, cl.relname, a.attname
                    FROM pg_constraint co
                    JOIN pg_class cl ON cl.oid = co.conrelid
                    JOIN pg_namespace n ON n.oid = cl.relnamespace
                    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
                    WHERE co.contype = 'c' AND co.convalidated AND array_length(co.conkey, 1) = 1
                      AND pg_get_constraintdef(co.oid) ~* ('^CHECK \\(\\(?"?' || a.attname || '"? IS NOT NULL\\)?\\)$')""")) {
                while (rs.next()) {
                    validated.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3));
                }
            }
        }
        return new TargetCatalog(searchPath, tables, emptyTables(c, maybeEmpty), validated, columnTypes);
    }

    private static Set<String> emptyTables(Connection c, List<String> candidates) throws SQLException {
        Set<String> empty = new HashSet<>();
        for (String candidate : candidates.subList(0, Math.min(candidates.size(), MAX_EMPTINESS_CHECKS))) {
            String[] name = candidate.split("\u0000");
            try (var ps = c.prepareStatement("SELECT format('SELECT NOT EXISTS (SELECT 1 FROM %I.%I)', ?, ?)")) {
                ps.setString(1, name[0]);
                ps.setString(2, name[1]);
                String query;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    query = rs.getString(1);
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        empty.add(name[0] + "." + name[1]);
                    }
                }
            }
        }
        return empty;
    }
}
