package dev.dbops.alert.store;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Labels;
import dev.dbops.common.event.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** Locked alerts by fingerprint, and the groups each of them fires in (both maps are the caller's to change). */
    public record Locked(Map<String, Alert> alerts, Map<String, Set<Long>> firingIn) {
    }

    /**
     * The alerts, locked for the caller's transaction so that two batches touching one alert apply one
     * after the other; locked in fingerprint order so that two batches never wait on each other in a cycle.
     * Read with the groups they fire in, in the same round trip.
     */
    public Locked lock(Collection<String> fingerprints) {
        Locked locked = new Locked(new HashMap<>(), new HashMap<>());
        if (!fingerprints.isEmpty()) {
            jdbc.query("SELECT " + COLUMNS + ", ARRAY(SELECT m.group_id FROM group_member m "
                    + "WHERE m.fingerprint = a.fingerprint AND m.firing) AS firing_in "
                    + "FROM alert a WHERE a.fingerprint = ANY (?) ORDER BY a.fingerprint FOR UPDATE OF a", rs -> {
                        Alert alert = map(rs, 0);
                        locked.alerts().put(alert.fingerprint(), alert);
                        Long[] groups = (Long[]) rs.getArray("firing_in").getArray();
                        if (groups.length > 0) {
                            locked.firingIn().put(alert.fingerprint(), new HashSet<>(Arrays.asList(groups)));
                        }
                    }, (Object) fingerprints.toArray(String[]::new));
        }
        return locked;
    }

    public Optional<Alert> find(String fingerprint) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE a.fingerprint = ?", ROWS, fingerprint)
                .stream().findFirst();
    }

    /** An alert as it is to be stored; {@code resolveAfter} is {@link Instant#MAX} for alerts their source resolves. */
    public record Saved(Alert alert, Instant resolveAfter) {
    }

    /** Stores the alerts' latest states in one round trip (a JDBC batch). */
    public void save(Collection<Saved> saved, Instant now) {
        jdbc.batchUpdate("""
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
                saved.stream().map(s -> {
                    Alert alert = s.alert();
                    return new Object[] {alert.fingerprint(), alert.target(), alert.rule(),
                            Labels.severity(alert.severity()), alert.status().wire(), Json.write(alert.labels()),
                            alert.summary(), alert.description(), alert.runbookUrl(), Json.write(alert.details()),
                            ts(alert.startsAt()), ts(alert.endsAt()),
                            s.resolveAfter().equals(Instant.MAX) ? null : ts(s.resolveAfter()), ts(now),
                            alert.lastEventId(), ts(alert.lastEventTime())};
                }).toList());
    }

    /** A change of an alert, caused by an event of {@code eventType}. */
    public record Change(Alert alert, @Nullable String eventType) {
    }

    /** Records every change, in order, in one round trip. */
    public void recordChanges(List<Change> changes, Instant at) {
        jdbc.batchUpdate("INSERT INTO alert_change (fingerprint, status, severity, summary, event_id, event_type, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", changes.stream().map(c -> new Object[] {c.alert().fingerprint(),
                c.alert().status().wire(), Labels.severity(c.alert().severity()), c.alert().summary(),
                c.alert().lastEventId(), c.eventType(), ts(at)}).toList());
    }

    /** Firing alerts of these targets: the candidates that may inhibit their other alerts. */
    public List<Alert> firingOn(Collection<String> targets) {
        if (targets.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM alert a WHERE a.target = ANY (?) AND a.status = 'firing'",
                ROWS, (Object) targets.toArray(String[]::new));
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
