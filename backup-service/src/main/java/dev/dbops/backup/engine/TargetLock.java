package dev.dbops.backup.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A session-level advisory lock on the platform database for one target: held while this instance
 * works on the target, released when closed, and released by PostgreSQL when the instance dies.
 */
final class TargetLock implements AutoCloseable {

    private static final String NAMESPACE = "dbops.backup";

    private final Connection connection;
    private final String target;

    private TargetLock(Connection connection, String target) {
        this.connection = connection;
        this.target = target;
    }

    /** The lock, or null when another instance (or thread) holds it. */
    static @Nullable TargetLock tryAcquire(DataSource dataSource, String target) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
                ps.setString(1, NAMESPACE);
                ps.setString(2, target);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new TargetLock(connection, target);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    @Override
    public void close() throws SQLException {
        try (connection; PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
            ps.setString(1, NAMESPACE);
            ps.setString(2, target);
            ps.execute();
        }
    }
}
