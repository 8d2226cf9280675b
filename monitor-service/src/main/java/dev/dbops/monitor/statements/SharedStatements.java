package dev.dbops.monitor.statements;

import dev.dbops.monitor.checks.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One read of pg_stat_statements per server for all its targets: the view is cluster-wide and reading it costs
 * the same whichever database asks, so a fleet of databases on one cluster would otherwise read it once per
 * target and poll. A target takes the server's latest snapshot when it is younger than its max age (half its
 * poll interval), else reads a new one for everybody. Windows stay exact: each target diffs consecutive
 * snapshots, whatever their times. Servers are keyed by host, port and user (what a role may see differs).
 */
public final class SharedStatements {

    private static final class Server {
        private ServerStatements latest;
    }

    private final Map<String, Server> servers = new ConcurrentHashMap<>();

    StatementSnapshot snapshot(String serverKey, Duration maxAge, Connection connection, ServerInfo info,
            Instant now) throws SQLException {
        Server server = servers.computeIfAbsent(serverKey, key -> new Server());
        synchronized (server) {
            if (server.latest == null || server.latest.capturedAt().isBefore(now.minus(maxAge))) {
                server.latest = StatementSource.snapshotAll(connection, info, now);
            }
            return server.latest.of(info.dbId());
        }
    }
}
