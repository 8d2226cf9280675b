package dev.dbops.common.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A session-level PostgreSQL advisory lock: held while its connection's session lives, released when closed,
 * and released by PostgreSQL when the holding instance dies (its session ends). The connection comes from
 * a {@link ConnectionSource}: a target's own connection ({@code target::connect}) or a pooled one of the
 * platform database ({@code dataSource::getConnection}); either way it is unlocked explicitly on close,
 * since closing a pooled connection does not end its session.
 */
public final class TargetLock implements AutoCloseable {

    /** SQLState of a lock wait that lock_timeout ended. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final Key key;

    private TargetLock(Connection connection, Key key) {
        this.connection = connection;
        this.key = key;
    }

    /** Where the lock's session comes from. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    /** The lock, or empty when another session (another instance, or another thread) holds it. */
    public static Optional<TargetLock> tryAcquire(ConnectionSource source, Key key) throws SQLException {
        Connection connection = source.connect();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement ps = key.bind(connection, "SELECT pg_try_advisory_lock(%s)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new TargetLock(connection, key));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /**
     * The lock, waiting at most {@code wait} for its holder to release it (lock_timeout bounds advisory-lock
     * waits too), so a hung holder cannot stall every later user.
     *
     * @throws SQLException with SQLState {@value #LOCK_NOT_AVAILABLE} when another session held it all that time
     */
    public static TargetLock acquire(ConnectionSource source, Key key, Duration wait) throws SQLException {
        Connection connection = source.connect();
        try {
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
                try (PreparedStatement ps = key.bind(connection, "SELECT pg_advisory_lock(%s)")) {
                    ps.execute();
                } finally {
                    s.execute("RESET lock_timeout"); // a pooled session goes back with its usual setting
                }
            }
            return new TargetLock(connection, key);
        } catch (SQLException e) {
            connection.close();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new SQLException("advisory lock " + key + " stayed held by another session for "
                        + wait.toMillis() + " ms", e.getSQLState(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try (connection; PreparedStatement ps = key.bind(connection, "SELECT pg_advisory_unlock(%s)")) {
            ps.execute();
        } catch (SQLException e) {
            // the session is gone, and its locks with it
        }
    }

    /**
     * The two 32-bit keys of an advisory lock: a namespace (whose locks these are) and the locked thing
     * within it. Numbered keys are given as they are; named ones are hashed by PostgreSQL's hashtext.
     */
    public static final class Key {

        private final String arguments;
        private final List<Object> values;
        private final String description;

        private Key(String arguments, List<Object> values, String description) {
            this.arguments = arguments;
            this.values = values;
            this.description = description;
        }

        /** Keys given as numbers, e.g. a fixed lock class and a fixed kind of lock on a target's own server. */
        public static Key numbered(int namespace, int key) {
            return new Key("?, ?", List.of(namespace, key),
                    "(" + Integer.toHexString(namespace) + ", " + key + ")");
        }

        /** Keys given as names, e.g. a service and a target id on a database several targets share. */
        public static Key named(String namespace, String key) {
            return new Key("hashtext(?), hashtext(?)", List.of(namespace, key), namespace + "/" + key);
        }

        private PreparedStatement bind(Connection connection, String call) throws SQLException {
            PreparedStatement ps = connection.prepareStatement(call.formatted(arguments));
            try {
                for (int i = 0; i < values.size(); i++) {
                    ps.setObject(i + 1, values.get(i));
                }
                return ps;
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
