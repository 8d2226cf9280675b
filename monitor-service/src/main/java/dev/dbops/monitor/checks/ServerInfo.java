package dev.dbops.monitor.checks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * What the checks need to know about a target's server, read once per connection.
 *
 * @param dbId the oid of the target database
 * @param statementsSchema the schema of the pg_stat_statements extension in the target database, null when the
 *     extension is not installed there (then no statement-based check runs)
 */
public record ServerInfo(int versionNum, long dbId, @Nullable String statementsSchema) {

    public static ServerInfo read(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(MonitorSql.TAG + """
                        SELECT current_setting('server_version_num')::int,
                               (SELECT oid FROM pg_database WHERE datname = current_database()),
                               (SELECT extnamespace::regnamespace::text FROM pg_extension
                                WHERE extname = 'pg_stat_statements')""")) {
            rs.next();
            return new ServerInfo(rs.getInt(1), rs.getLong(2), rs.getString(3));
        }
    }

    /** PG14 added pg_stat_statements_info, toplevel, pg_locks.waitstart and pg_stat_activity.query_id. */
    public boolean atLeast14() {
        return versionNum >= 140000;
    }
}
