package dev.dbops.migration.lockprobe;

import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.SqlStatement;
import dev.dbops.migration.project.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Runs steps on a scratch copy and records, per statement, the locks it really took on relations that
 * existed before the step (pg_locks of its own session) and whether it rewrote a table (relfilenode).
 * A transactional step runs in Flyway's transaction, so its locks accumulate; a
 * non-transactional statement is watched from a second session while a third holds a snapshot open,
 * which keeps a CONCURRENTLY build waiting long enough to be seen.
 */
public final class LockProbe {

    private static final String OWN_LOCKS = """
            SELECT relation, mode FROM pg_locks
            WHERE pid = ? AND locktype = 'relation' AND granted AND relation IS NOT NULL""";

    private final Map<String, Long> estimatedRows;

    /** @param estimatedRows the target's pg_class.reltuples by schema.name (null: never analysed) */
    public LockProbe(Map<String, Long> estimatedRows) {
        this.estimatedRows = estimatedRows;
    }

    /**
     * Runs {@code step} on {@code c}, a session of the scratch copy that Flyway opened for it: in Flyway's
     * transaction when Flyway runs the script in one (Flyway commits or rolls it back), else statement by
     * statement.
     */
    public StepRun run(ScratchCopy scratch, Connection c, Step step) throws SQLException {
        List<SqlStatement> statements = SqlScript.split(step.sql());
        Relations existing = Relations.of(c);
        Map<String, ObservedLock> locks = new LinkedHashMap<>();
        boolean transactional = !c.getAutoCommit();
        int pid = pid(c);
        SqlStatement current = null;
        try {
            for (SqlStatement statement : statements) {
                current = statement;
                Relations before = Relations.of(c);
                List<long[]> taken = transactional ? runInTransaction(c, statement, pid)
                        : runWatched(scratch, c, statement, pid);
                Relations after = Relations.of(c);
                for (long[] lock : taken) {
                    record(locks, statement.line(), existing, before, after, lock);
                }
            }
            return new StepRun(step.script(), List.copyOf(locks.values()), null);
        } catch (SQLException e) {
            return new StepRun(step.script(), List.copyOf(locks.values()),
                    new StepRun.Failure(current == null ? 1 : current.line(), e.getSQLState(), e.getMessage()));
        }
    }

    private List<long[]> runInTransaction(Connection c, SqlStatement statement, int pid) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement.sql());
        }
        return ownLocks(c, pid);
    }

    private List<long[]> runWatched(ScratchCopy scratch, Connection c, SqlStatement statement, int pid)
            throws SQLException {
        try (Connection watcher = scratch.connect(); Connection snapshotHolder = scratch.connect()) {
            snapshotHolder.setAutoCommit(false);
            snapshotHolder.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            snapshotHolder.createStatement().executeQuery("SELECT 1").close();
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute(statement.sql());
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            List<long[]> seen = new ArrayList<>();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!running.isDone()) {
                for (long[] lock : ownLocks(watcher, pid)) {
                    if (seen.stream().noneMatch(l -> l[0] == lock[0] && l[1] == lock[1])) {
                        seen.add(lock);
                    }
                }
                if ((!seen.isEmpty() || System.nanoTime() > deadline) && !snapshotHolder.getAutoCommit()) {
                    snapshotHolder.rollback();
                    snapshotHolder.setAutoCommit(true);
                }
                sleep(2);
            }
            try {
                running.get();
            } catch (ExecutionException e) {
                throw e.getCause().getCause() instanceof SQLException sql ? sql
                        : new SQLException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
            return seen;
        }
    }

    private void record(Map<String, ObservedLock> locks, int line, Relations existing, Relations before,
            Relations after, long[] lock) {
        Relations.Relation relation = existing.byOid().get(lock[0]);
        if (relation == null) {
            return; // created by this step: nobody waits for it
        }
        String mode = MODES[(int) lock[1]];
        String key = relation.name() + "/" + mode;
        boolean rewritten = before.rewritten(lock[0], after);
        ObservedLock known = locks.get(key);
        if (known == null || (rewritten && !known.rewritten())) {
            locks.put(key, new ObservedLock(known == null ? line : known.line(), relation.name(), mode,
                    rewritten || (known != null && known.rewritten()), rows(relation, existing)));
        }
    }

    /**
     * The target's estimate; none for a table an earlier step of the request creates: it has no rows yet. An
     * index has the rows of its table: a lock on the index of an empty table holds up no one either.
     */
    private @Nullable Long rows(Relations.Relation relation, Relations existing) {
        if (relation.kind() == 'r' || relation.kind() == 'm' || relation.kind() == 'p') {
            return estimatedRows.getOrDefault(relation.qualified(), 0L);
        }
        Relations.Relation table = existing.byOid().get(relation.table());
        return table != null ? rows(table, existing) : null;
    }

    private static final String[] MODES = {"AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};

    private static List<long[]> ownLocks(Connection c, int pid) throws SQLException {
        List<long[]> locks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OWN_LOCKS)) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int mode = List.of(MODES).indexOf(rs.getString(2));
                    if (mode >= 0) {
                        locks.add(new long[] {rs.getLong(1), mode});
                    }
                }
            }
        }
        return locks;
    }

    private static int pid(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
