package dev.dbops.migration.execute;

import dev.dbops.common.target.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the sessions a step runs in (by application_name) and remembers who blocks them
 * (pg_blocking_pids), so a lock timeout can name the sessions an on-call person has to look at — with
 * the shape of their query only, never its values ({@link QueryText}).
 */
final class BlockerWatch implements AutoCloseable {

    private static final String BLOCKERS = """
            SELECT b.pid, b.usename, b.application_name, b.state,
                   extract(epoch FROM now() - coalesce(b.xact_start, b.query_start))::numeric(10,1), left(b.query, 4000)
            FROM pg_stat_activity w
            CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid)
            JOIN pg_stat_activity b ON b.pid = blocker.pid
            WHERE w.application_name = ? AND b.application_name <> ?""";

    private final Connection connection;
    private final String applicationName;
    private final Map<Integer, String> blockers = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    BlockerWatch(Target target, String applicationName) throws SQLException {
        this.connection = target.connect();
        this.applicationName = applicationName;
        this.thread = new Thread(this::watch, "blocker-watch-" + target.id());
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try (PreparedStatement ps = connection.prepareStatement(BLOCKERS)) {
            ps.setString(1, applicationName);
            ps.setString(2, applicationName);
            while (running.get()) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        synchronized (blockers) {
                            blockers.put(rs.getInt(1), "pid " + rs.getInt(1) + " (user " + rs.getString(2)
                                    + ", application '" + rs.getString(3) + "', " + rs.getString(4) + " for "
                                    + rs.getString(5) + " s: " + QueryText.normalised(rs.getString(6)) + ")");
                        }
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            // the watch only informs; the step's own outcome is what counts
        }
    }

    /** The sessions seen blocking the step so far. */
    List<String> blockers() {
        synchronized (blockers) {
            return new ArrayList<>(blockers.values());
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(1000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // closing a watch connection cannot fail the step
        }
    }
}
