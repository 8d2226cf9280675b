package dev.dbops.monitor.engine;

import dev.dbops.common.target.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The monitor's connections to one PostgreSQL server: at most {@code limit} open at once, however many of its
 * databases are targets. A server's connection slots belong to its applications; 1,000 databases with a
 * connection each would take them all. A poll borrows a connection for its target and gives it back idle, so a
 * server with no more targets than slots keeps one open connection per target; with more, the connection idle the
 * longest is closed to open one to another database.
 */
final class ServerConnections {

    /** No slot came free in time: the work did not run, which says nothing about the target. */
    static final class NoSlot extends Exception {

        NoSlot(String message) {
            super(message, null, false, false);
        }
    }

    interface Opener {
        Connection open(Target target) throws SQLException;
    }

    private final String server;
    private final int limit;
    private final TargetConnector connector;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Idle connections by target id, the longest idle first. */
    private final Map<String, Connection> idle = new LinkedHashMap<>();
    private int open;

    ServerConnections(String server, int limit, TargetConnector connector) {
        this.server = server;
        this.limit = Math.max(1, limit);
        this.connector = connector;
    }

    /** The target's idle connection, or a new one in a free slot; give it back or close it. */
    Connection borrow(Target target, Duration wait) throws SQLException, NoSlot, InterruptedException {
        Connection kept = slot(target.id(), wait);
        if (kept != null && !kept.isClosed()) {
            return kept;
        }
        return openInSlot(target, connector::connect);
    }

    /** A new connection of its own (never an idle one) in a free slot; close it with {@link #close}. */
    Connection open(Target target, Opener opener, Duration wait) throws SQLException, NoSlot, InterruptedException {
        slot(null, wait);
        return openInSlot(target, opener);
    }

    /** Keeps the connection open for the target's next poll; its slot stays taken until another target needs it. */
    void giveBack(Target target, Connection connection) {
        Connection replaced;
        lock.lock();
        try {
            replaced = idle.put(target.id(), connection);
            if (replaced != null) {
                open--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(replaced);
    }

    /** Closes the connection (broken, or opened for one task) and frees its slot. */
    void close(Connection connection) {
        closeQuietly(connection);
        free();
    }

    /** Connections open now, idle or in use. */
    int open() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    void closeIdle() {
        lock.lock();
        try {
            idle.values().forEach(ServerConnections::closeQuietly);
            open -= idle.size();
            idle.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot: the target's idle connection (returned, its slot passes to the caller), a free slot (null), or
     * the slot of the connection idle the longest, closed here (null).
     */
    private Connection slot(String targetId, Duration wait) throws NoSlot, InterruptedException {
        Connection evicted = null;
        lock.lock();
        try {
            long remaining = wait.toNanos();
            while (true) {
                Connection kept = targetId == null ? null : idle.remove(targetId);
                if (kept != null) {
                    return kept;
                }
                if (open < limit) {
                    open++;
                    return null;
                }
                Iterator<Connection> longestIdle = idle.values().iterator();
                if (longestIdle.hasNext()) {
                    evicted = longestIdle.next();
                    longestIdle.remove();
                    return null;
                }
                if (remaining <= 0) {
                    throw new NoSlot("all " + limit + " connections to " + server + " in use for "
                            + TimeUnit.NANOSECONDS.toMillis(wait.toNanos()) + " ms");
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
            closeQuietly(evicted);
        }
    }

    private Connection openInSlot(Target target, Opener opener) throws SQLException {
        try {
            return opener.open(target);
        } catch (SQLException | RuntimeException e) {
            free();
            throw e;
        }
    }

    private void free() {
        lock.lock();
        try {
            open--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
    }
}
