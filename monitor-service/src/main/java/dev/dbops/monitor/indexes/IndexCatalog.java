package dev.dbops.monitor.indexes;

import dev.dbops.monitor.checks.MonitorSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what the index checks need from a target's catalog and statistics (user schemas only). */
public final class IndexCatalog {

    private static final String USER_SCHEMAS = " n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private IndexCatalog() {
    }

    public static List<IndexInfo> indexes(Connection connection) throws SQLException {
        List<IndexInfo> indexes = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MonitorSql.TAG + """
                SELECT n.nspname, t.relname, ic.relname, i.indisunique, i.indisprimary, i.indisvalid, am.amname,
                       (i.indkey::int2[])[0:i.indnkeyatts - 1], pg_get_expr(i.indexprs, i.indrelid),
                       pg_get_expr(i.indpred, i.indrelid), pg_relation_size(i.indexrelid),
                       coalesce(s.idx_scan, 0)
                FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_am am ON am.oid = ic.relam
                LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
                WHERE """ + USER_SCHEMAS)) {
            while (rs.next()) {
                indexes.add(new IndexInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), ints(rs.getArray(8)), rs.getString(9),
                        rs.getString(10), rs.getLong(11), rs.getLong(12)));
            }
        }
        return indexes;
    }

    public static List<ForeignKeyInfo> foreignKeys(Connection connection) throws SQLException {
        List<ForeignKeyInfo> keys = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MonitorSql.TAG + """
                SELECT n.nspname, t.relname, c.conname, c.conkey, pg_get_constraintdef(c.oid)
                FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE c.contype = 'f' AND """ + USER_SCHEMAS)) {
            while (rs.next()) {
                keys.add(new ForeignKeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), ints(rs.getArray(4)),
                        rs.getString(5)));
            }
        }
        return keys;
    }

    public static List<TableScans> tables(Connection connection) throws SQLException {
        List<TableScans> tables = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MonitorSql.TAG + """
                SELECT schemaname, relname, coalesce(seq_scan, 0), coalesce(idx_scan, 0), n_live_tup
                FROM pg_stat_user_tables""")) {
            while (rs.next()) {
                tables.add(new TableScans(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)));
            }
        }
        return tables;
    }

    private static List<Integer> ints(Array array) throws SQLException {
        List<Integer> values = new ArrayList<>();
        if (array != null) {
            for (Object value : (Object[]) array.getArray()) {
                values.add(((Number) value).intValue());
            }
        }
        return values;
    }
}
