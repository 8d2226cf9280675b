package dev.dbops.migration.execute;

import dev.dbops.common.target.Target;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Session-level advisory locks on the target itself, released when their connection closes (or dies):
 * one migration per target at a time across every instance, and one user of the target's scratch copy.
 */
public final class TargetLock implements AutoCloseable {

    /** "dbop" in ASCII: the advisory lock class of the migration-service (Flyway's own lock uses other keys). */
    private static final int LOCK_CLASS = 0x64626f70;
    private static final int MIGRATION = 1;
    private static final int SCRATCH = 2;

    private final Connection connection;

    private TargetLock(Connection connection) {
        this.connection = connection;
    }

    /** The migration lock, or empty when another instance (or request) holds it. */
    public static Optional<TargetLock> tryAcquire(Target target) throws SQLException {
        return tryAcquire(target, MIGRATION);
    }

    /** The scratch-copy lock, or empty when another instance (or plan) uses the scratch database. */
    public static Optional<TargetLock> tryAcquireScratch(Target target) throws SQLException {
        return tryAcquire(target, SCRATCH);
    }

    /**
     * How long a plan waits for another plan of the same target to be done with the scratch copy: longer than
     * a plan takes, short enough that a stuck holder (a hung session) does not stall every later plan.
     */
    static final Duration SCRATCH_WAIT = Duration.ofMinutes(2);

    /** The scratch-copy lock, once the instance (or plan) that uses the scratch database is done with it. */
    public static TargetLock acquireScratch(Target target) throws SQLException {
        return acquireScratch(target, SCRATCH_WAIT);
    }

    /**
     * The scratch-copy lock, waiting at most {@code wait} for it (lock_timeout bounds advisory-lock waits too).
     *
     * @throws SQLException (SQLState 55P03) when another user held it all that time
     */
    static TargetLock acquireScratch(Target target, Duration wait) throws SQLException {
        Connection c = target.connect();
        try {
            c.createStatement().execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
            c.createStatement().execute("SELECT pg_advisory_lock(" + LOCK_CLASS + ", " + SCRATCH + ")");
            return new TargetLock(c);
        } catch (SQLException e) {
            c.close();
            if (LockSafeRunner.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new SQLException("the scratch copy of target " + target.id() + " stayed in use by another plan for "
                        + wait.toMillis() + " ms", e.getSQLState(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static Optional<TargetLock> tryAcquire(Target target, int key) throws SQLException {
        Connection c = target.connect();
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + key + ")")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return Optional.of(new TargetLock(c));
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
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
