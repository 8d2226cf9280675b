package dev.dbops.alert.silence;

import static dev.dbops.alert.store.AlertStore.ts;

import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Matcher;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Silences, stored with their matchers as Alertmanager writes them. */
@Repository
public class Silences {

    private static final RowMapper<Silence> ROWS = (rs, row) -> new Silence(rs.getObject("id", UUID.class),
            Arrays.stream(Json.read(rs.getString("matchers"), String[].class)).map(Matcher::parse).toList(),
            rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
            rs.getString("created_by"), rs.getString("comment"), rs.getTimestamp("created_at").toInstant());

    private final JdbcTemplate jdbc;

    public Silences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void save(Silence silence) {
        jdbc.update("INSERT INTO silence (id, matchers, starts_at, ends_at, created_by, comment, created_at) "
                        + "VALUES (?, ?::jsonb, ?, ?, ?, ?, ?)", silence.id(),
                Json.write(silence.matchers().stream().map(Matcher::toString).toList()), ts(silence.startsAt()),
                ts(silence.endsAt()), silence.createdBy(), silence.comment(), ts(silence.createdAt()));
    }

    public Optional<Silence> find(UUID id) {
        return jdbc.query("SELECT * FROM silence WHERE id = ?", ROWS, id).stream().findFirst();
    }

    public List<Silence> all() {
        return jdbc.query("SELECT * FROM silence ORDER BY created_at DESC", ROWS);
    }

    /** Silences in force now (or soon): what rendering checks alerts against. */
    public List<Silence> current(Instant now) {
        return jdbc.query("SELECT * FROM silence WHERE ends_at > ? AND starts_at <= ?", ROWS, ts(now), ts(now));
    }

    /** Expires it now; false when it had already ended. */
    public boolean expire(UUID id, Instant now) {
        return jdbc.update("UPDATE silence SET starts_at = LEAST(starts_at, ?::timestamptz - interval '1 millisecond'), "
                + "ends_at = ? WHERE id = ? AND ends_at > ?", ts(now), ts(now), id, ts(now)) == 1;
    }

    /** Silences that ended and were not yet acted upon, marked as acted upon as they are returned. */
    public List<Silence> takeEnded(Instant now) {
        return jdbc.query("""
                UPDATE silence SET released = true WHERE id IN (
                    SELECT id FROM silence WHERE NOT released AND ends_at <= ? FOR UPDATE SKIP LOCKED)
                RETURNING *""", ROWS, ts(now));
    }
}
