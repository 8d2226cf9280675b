package dev.dbops.monitor.statements;

import dev.dbops.monitor.checks.MonitorSql;
import dev.dbops.monitor.checks.ServerInfo;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads pg_stat_statements. Snapshots read counters without texts ({@code pg_stat_statements(false)} skips
 * the query-text file); texts are read only for the few statements that need them, in the target's database.
 */
final class StatementSource {

    private StatementSource() {
    }

    /**
     * Every database's entries at once: the view is cluster-wide and the function builds every row whatever the
     * filter, so the targets on one server share this read ({@link SharedStatements}).
     */
    static ServerStatements snapshotAll(Connection connection, ServerInfo server, Instant now) throws SQLException {
        String schema = quote(server.statementsSchema());
        String toplevel = server.atLeast14() ? "s.toplevel" : "true";
        String sql = MonitorSql.TAG + """
                SELECT s.queryid, s.userid, s.dbid, %s, s.calls, s.total_exec_time, s.rows, s.stddev_exec_time
                FROM %s.pg_stat_statements(false) s
                WHERE s.queryid IS NOT NULL""".formatted(toplevel, schema);
        Map<Long, Map<StatementKey, Counters>> byDb = new HashMap<>();
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    StatementKey key = new StatementKey(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4));
                    byDb.computeIfAbsent(key.dbId(), db -> new HashMap<>()).merge(key,
                            Counters.of(rs.getLong(5), rs.getDouble(6), rs.getLong(7), rs.getDouble(8)),
                            (a, b) -> new Counters(a.calls() + b.calls(), a.totalMs() + b.totalMs(),
                                    a.rows() + b.rows(), a.sumSquaresMs() + b.sumSquaresMs()));
                }
            }
        }
        Instant statsReset = null;
        long dealloc = 0;
        if (server.atLeast14()) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                    MonitorSql.TAG + "SELECT dealloc, stats_reset FROM " + schema + ".pg_stat_statements_info")) {
                if (rs.next()) {
                    dealloc = rs.getLong(1);
                    Timestamp reset = rs.getTimestamp(2);
                    statsReset = reset == null ? null : reset.toInstant();
                }
            }
        }
        return new ServerStatements(now, statsReset, dealloc, byDb);
    }

    /** The normalised texts of these queryids, as the view gives them. */
    static Map<Long, String> texts(Connection connection, ServerInfo server, Collection<Long> queryIds)
            throws SQLException {
        Map<Long, String> texts = new HashMap<>();
        if (queryIds.isEmpty()) {
            return texts;
        }
        try (PreparedStatement s = connection.prepareStatement(MonitorSql.TAG + """
                SELECT DISTINCT ON (s.queryid) s.queryid, s.query
                FROM %s.pg_stat_statements(true) s
                WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND s.queryid = ANY (?)""".formatted(quote(server.statementsSchema())))) {
            Array ids = connection.createArrayOf("bigint", queryIds.toArray());
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    texts.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return texts;
    }

    /** The queryids of dbops's own statements (the monitor's, the backup-service's), found by their leading comment. */
    static Set<Long> ownQueryIds(Connection connection, ServerInfo server) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (PreparedStatement s = connection.prepareStatement(MonitorSql.TAG + """
                SELECT DISTINCT s.queryid FROM %s.pg_stat_statements(true) s
                WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND s.queryid IS NOT NULL AND starts_with(s.query, ?)""".formatted(quote(server.statementsSchema())))) {
            s.setString(1, MonitorSql.OWN_PREFIX);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
