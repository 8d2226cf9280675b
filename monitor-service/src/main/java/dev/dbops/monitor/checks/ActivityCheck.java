package dev.dbops.monitor.checks;

import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions: connection usage (cluster-wide, against max_connections minus the reserved ones), the longest
 * running query and the longest idle transaction in the target database, and sessions waiting on locks with
 * their blocking chain. pg_blocking_pids is called only for sessions that wait on a lock. Details carry pids,
 * applications and queryids, never query text (it may hold literal values).
 */
public final class ActivityCheck {

    private static final int MAX_DETAILS = 10;

    record Session(int pid, String state, String application, String user, double querySeconds,
            double stateSeconds, double xactSeconds, List<Integer> blockedBy, double waitSeconds, Long queryId) {
    }

    public void run(Connection connection, ServerInfo server, Observations obs) throws SQLException {
        connections(connection, obs);
        List<Session> sessions = sessions(connection, server);
        judge(sessions, obs);
    }

    private static void connections(Connection connection, Observations obs) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MonitorSql.TAG + """
                SELECT count(*) FILTER (WHERE backend_type = 'client backend'),
                       current_setting('max_connections')::int,
                       current_setting('superuser_reserved_connections')::int
                         + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0)
                FROM pg_stat_activity""")) {
            rs.next();
            int used = rs.getInt(1);
            int available = Math.max(1, rs.getInt(2) - rs.getInt(3));
            double usage = 100.0 * used / available;
            obs.value("connections.used", used);
            obs.value("connections.available", available);
            obs.reading(Reading.of(Rule.CONNECTIONS_USAGE, usage, Map.of("used", used, "available", available)));
        }
    }

    private static List<Session> sessions(Connection connection, ServerInfo server) throws SQLException {
        String waitSeconds = server.atLeast14()
                ? "(SELECT extract(epoch FROM now() - min(l.waitstart)) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted)"
                : "extract(epoch FROM now() - a.state_change)";
        String queryId = server.atLeast14() ? "a.query_id" : "NULL::bigint";
        String sql = MonitorSql.TAG + """
                SELECT a.pid, a.state, a.application_name, a.usename,
                       coalesce(extract(epoch FROM now() - a.query_start), 0),
                       coalesce(extract(epoch FROM now() - a.state_change), 0),
                       coalesce(extract(epoch FROM now() - a.xact_start), 0),
                       CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END,
                       CASE WHEN a.wait_event_type = 'Lock' THEN %s END,
                       %s
                FROM pg_stat_activity a
                WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                  AND a.backend_type = 'client backend'""".formatted(waitSeconds, queryId);
        List<Session> sessions = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Array blocked = rs.getArray(8);
                List<Integer> blockedBy = new ArrayList<>();
                if (blocked != null) {
                    for (Object pid : (Object[]) blocked.getArray()) {
                        blockedBy.add(((Number) pid).intValue());
                    }
                }
                long qid = rs.getLong(10);
                sessions.add(new Session(rs.getInt(1), String.valueOf(rs.getString(2)),
                        String.valueOf(rs.getString(3)), String.valueOf(rs.getString(4)), rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7), blockedBy, rs.getDouble(9), rs.wasNull() ? null : qid));
            }
        }
        return sessions;
    }

    static void judge(List<Session> sessions, Observations obs) {
        List<Session> active = sessions.stream().filter(s -> s.state().equals("active")).toList();
        List<Session> idle = sessions.stream().filter(s -> s.state().startsWith("idle in transaction")).toList();
        List<Session> blocked = sessions.stream().filter(s -> !s.blockedBy().isEmpty()).toList();
        obs.value("sessions.total", sessions.size());
        obs.value("sessions.active", active.size());
        obs.value("sessions.idle-in-transaction", idle.size());
        obs.value("sessions.blocked", blocked.size());

        Session longest = active.stream().max(Comparator.comparingDouble(Session::querySeconds)).orElse(null);
        obs.reading(longest == null ? Reading.of(Rule.QUERY_LONG_RUNNING, 0)
                : Reading.of(Rule.QUERY_LONG_RUNNING, longest.querySeconds(), describe(longest)));
        Session idlest = idle.stream().max(Comparator.comparingDouble(Session::stateSeconds)).orElse(null);
        obs.reading(idlest == null ? Reading.of(Rule.TRANSACTION_IDLE, 0)
                : Reading.of(Rule.TRANSACTION_IDLE, idlest.stateSeconds(), describe(idlest)));

        double longestWait = blocked.stream().mapToDouble(Session::waitSeconds).max().orElse(0);
        obs.reading(blocked.isEmpty() ? Reading.of(Rule.SESSIONS_BLOCKED, 0)
                : Reading.of(Rule.SESSIONS_BLOCKED, longestWait, chain(sessions, blocked)));
    }

    private static Map<String, Object> describe(Session s) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", s.pid());
        details.put("state", s.state());
        details.put("applicationName", s.application());
        details.put("user", s.user());
        details.put("transactionSeconds", Math.round(s.xactSeconds()));
        if (s.queryId() != null) {
            details.put("queryId", Long.toString(s.queryId()));
        }
        return details;
    }

    /** The blocked sessions (longest wait first) and the sessions at the head of their chains. */
    private static Map<String, Object> chain(List<Session> all, List<Session> blocked) {
        Map<Integer, Session> byPid = new LinkedHashMap<>();
        all.forEach(s -> byPid.put(s.pid(), s));
        List<Map<String, Object>> waiting = blocked.stream()
                .sorted(Comparator.comparingDouble(Session::waitSeconds).reversed()).limit(MAX_DETAILS)
                .map(s -> {
                    Map<String, Object> d = describe(s);
                    d.put("blockedBy", s.blockedBy());
                    d.put("waitSeconds", Math.round(s.waitSeconds()));
                    return d;
                }).toList();
        List<Map<String, Object>> heads = blocked.stream().flatMap(s -> s.blockedBy().stream()).distinct()
                .map(byPid::get).filter(s -> s != null && s.blockedBy().isEmpty()).limit(MAX_DETAILS)
                .map(ActivityCheck::describe).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("blockedSessions", blocked.size());
        details.put("blocked", waiting);
        details.put("blockers", heads);
        return details;
    }
}
