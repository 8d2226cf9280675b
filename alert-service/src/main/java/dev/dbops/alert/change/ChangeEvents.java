package dev.dbops.alert.change;

import dev.dbops.alert.model.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Change events waiting for PagerDuty, and what became of them. */
@Repository
public class ChangeEvents {

    /** One change event to send: its receiver and its body without the routing key. */
    public record Pending(UUID id, String receiver, String body, int attempts) {
    }

    private final JdbcTemplate jdbc;

    public ChangeEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String receiver, Map<String, Object> body, Instant now) {
        jdbc.update("INSERT INTO pagerduty_change (id, receiver, body, status, not_before, created_at) "
                + "VALUES (?, ?, ?::jsonb, 'pending', ?, ?)", UUID.randomUUID(), receiver, Json.write(body), ts(now),
                ts(now));
    }

    /** Due ones, locked for the caller's transaction; another instance skips them. */
    public List<Pending> due(Instant now, int limit) {
        return jdbc.query("SELECT id, receiver, body, attempts FROM pagerduty_change WHERE status = 'pending' "
                        + "AND not_before <= ? ORDER BY not_before LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, row) -> new Pending(rs.getObject("id", UUID.class), rs.getString("receiver"), rs.getString("body"),
                        rs.getInt("attempts")), ts(now), limit);
    }

    public void delivered(UUID id, int attempts, Instant now) {
        jdbc.update("UPDATE pagerduty_change SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL "
                + "WHERE id = ?", attempts, ts(now), id);
    }

    public void retry(UUID id, int attempts, Instant notBefore, String error) {
        jdbc.update("UPDATE pagerduty_change SET attempts = ?, not_before = ?, last_error = ? WHERE id = ?", attempts,
                ts(notBefore), error, id);
    }

    public void failed(UUID id, int attempts, String error) {
        jdbc.update("UPDATE pagerduty_change SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?",
                attempts, error, id);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
