package dev.dbops.migration.execute;

import dev.dbops.common.target.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One migration per target at a time across every instance: a session-level advisory lock on the target
 * itself, held while a request is worked on and released when its connection closes (or dies).
 */
public final class TargetLock implements AutoCloseable {

    /** "dbop" in ASCII: the advisory lock class of the migration-service (Flyway's own lock uses other keys). */
    private static final int LOCK_CLASS = 0x64626f70;
    private static final int MIGRATION = 1;

    private final Connection connection;

    private TargetLock(Connection connection) {
        this.connection = connection;
    }

    /** The lock, or empty when another instance (or request) holds it. */
    public static Optional<TargetLock> tryAcquire(Target target) throws SQLException {
        Connection c = target.connect();
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + MIGRATION + ")")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return Optional.of(new TargetLock(c));
            }
        }
        c.close();
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing the session releases the lock either way
        }
    }
}
