package dev.dbops.alert.intake;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Labels;
import dev.dbops.common.event.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Alerts by fingerprint, and the history of their changes. */
@Repository
public class AlertStore {

    public static final String COLUMNS = "a.fingerprint, a.labels, a.severity, a.status, a.summary, a.description, "
            + "a.runbook_url, a.details, a.starts_at, a.ends_at, a.last_event_id, a.last_event_time";

    public static final RowMapper<Alert> ROWS = AlertStore::map;

    private final JdbcTemplate jdbc;

    public AlertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The alert, locked for the caller's transaction so that two events of one alert apply one after the other. */
    public Optional<Alert> lock(String fingerprint) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE a.fingerprint = ? FOR UPDATE", ROWS, fingerprint)
                .stream().findFirst();
    }

    public Optional<Alert> find(String fingerprint) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE a.fingerprint = ?", ROWS, fingerprint)
                .stream().findFirst();
    }

    public void save(Alert alert, Instant resolveAfter, Instant now) {
        jdbc.update("""
                INSERT INTO alert (fingerprint, target, rule, severity, status, labels, summary, description,
                                   runbook_url, details, starts_at, ends_at, resolve_after, updated_at,
                                   last_event_id, last_event_time)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (fingerprint) DO UPDATE SET severity = EXCLUDED.severity, status = EXCLUDED.status,
                    labels = EXCLUDED.labels, summary = EXCLUDED.summary, description = EXCLUDED.description,
                    runbook_url = EXCLUDED.runbook_url, details = EXCLUDED.details, starts_at = EXCLUDED.starts_at,
                    ends_at = EXCLUDED.ends_at, resolve_after = EXCLUDED.resolve_after,
                    updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id,
                    last_event_time = EXCLUDED.last_event_time""",
                alert.fingerprint(), alert.target(), alert.rule(), AlertRules.severity(alert.severity()),
                alert.status().wire(), Json.write(alert.labels()), alert.summary(), alert.description(),
                alert.runbookUrl(), Json.write(alert.details()), ts(alert.startsAt()), ts(alert.endsAt()),
                resolveAfter.equals(Instant.MAX) ? null : ts(resolveAfter), ts(now), alert.lastEventId(),
                ts(alert.lastEventTime()));
    }

    public void recordChange(Alert alert, @Nullable String eventType, Instant at) {
        jdbc.update("INSERT INTO alert_change (fingerprint, status, severity, summary, event_id, event_type, at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", alert.fingerprint(), alert.status().wire(),
                AlertRules.severity(alert.severity()), alert.summary(), alert.lastEventId(), eventType, ts(at));
    }

    /** Firing alerts of one target: the candidates that may inhibit its other alerts. */
    public List<Alert> firingOn(String target) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE a.target = ? AND a.status = 'firing'", ROWS,
                target);
    }

    public List<Alert> firing() {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE a.status = 'firing' ORDER BY a.starts_at", ROWS);
    }

    public List<Alert> list(@Nullable String status, @Nullable String target, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE (?::text IS NULL OR a.status = ?) "
                        + "AND (?::text IS NULL OR a.target = ?) ORDER BY a.updated_at DESC LIMIT ?", ROWS,
                status, status, target, target, limit);
    }

    /** Firing alerts whose source never resolves them and that saw no event for resolve_timeout. */
    public List<String> dueForTimeout(Instant now, int limit) {
        return jdbc.queryForList("SELECT fingerprint FROM alert WHERE status = 'firing' AND resolve_after <= ? "
                + "ORDER BY resolve_after LIMIT ? FOR UPDATE SKIP LOCKED", String.class, ts(now), limit);
    }

    public List<Map<String, Object>> changes(String fingerprint) {
        return jdbc.queryForList("SELECT status, severity, summary, event_id, event_type, at FROM alert_change "
                + "WHERE fingerprint = ? ORDER BY seq", fingerprint);
    }

    private static Alert map(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getString("fingerprint"),
                Json.read(rs.getString("labels"), Labels.class),
                Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
                Alert.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("summary"), rs.getString("description"), rs.getString("runbook_url"),
                Json.read(rs.getString("details"), new TypeReference<Map<String, Object>>() { }),
                rs.getTimestamp("starts_at").toInstant(), instant(rs.getTimestamp("ends_at")),
                rs.getString("last_event_id"), rs.getTimestamp("last_event_time").toInstant());
    }

    static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    public static @Nullable Timestamp ts(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
