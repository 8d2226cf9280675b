package dev.dbops.alert.inhibit;

import static dev.dbops.alert.store.AlertStore.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Migration windows per target: opened by MigrationStarted, closed by MigrationCompleted or MigrationFailed. */
@Repository
public class MigrationWindows {

    private static final RowMapper<MigrationWindow> ROWS = (rs, row) -> new MigrationWindow(rs.getString("target"),
            rs.getString("request_id"), rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("hold_until").toInstant());

    private final JdbcTemplate jdbc;

    public MigrationWindows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void open(String target, String requestId, Instant startedAt, Instant holdUntil) {
        jdbc.update("""
                INSERT INTO migration_window (target, request_id, started_at, hold_until, closed)
                VALUES (?, ?, ?, ?, false)
                ON CONFLICT (target) DO UPDATE SET request_id = EXCLUDED.request_id, started_at = EXCLUDED.started_at,
                    hold_until = EXCLUDED.hold_until, closed = false""",
                target, requestId, ts(startedAt), ts(holdUntil));
    }

    /** Ends the hold at {@code holdUntil}; the sweeper releases what it held then. */
    public void close(String target, Instant holdUntil) {
        jdbc.update("UPDATE migration_window SET hold_until = LEAST(hold_until, ?), closed = true WHERE target = ?",
                ts(holdUntil), target);
    }

    /** The windows on these targets (at most one each). */
    public List<MigrationWindow> on(Collection<String> targets) {
        if (targets.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT * FROM migration_window WHERE target = ANY (?)", ROWS,
                (Object) targets.toArray(String[]::new));
    }

    public List<MigrationWindow> all() {
        return jdbc.query("SELECT * FROM migration_window ORDER BY started_at", ROWS);
    }

    /** Windows whose hold ended, removed as they are returned; the caller flushes their targets' groups. */
    public List<String> takeEnded(Instant now) {
        return jdbc.queryForList("""
                DELETE FROM migration_window WHERE target IN (
                    SELECT target FROM migration_window WHERE hold_until <= ? FOR UPDATE SKIP LOCKED)
                RETURNING target""", String.class, ts(now));
    }
}
