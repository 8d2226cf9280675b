package dev.dbops.alert.group;

import static dev.dbops.alert.intake.AlertStore.ts;

import dev.dbops.alert.group.GroupNotification.Member;
import dev.dbops.alert.intake.AlertStore;
import dev.dbops.alert.model.Json;
import java.sql.Array;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Aggregation groups and their members, in the database so that every instance and every restart agree. */
@Repository
public class Groups {

    private final JdbcTemplate jdbc;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    public Groups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The group's id, creating the group when the first alert joins it. Groups live on; they are few. */
    public long ensure(GroupRef ref, Instant now) {
        Long cached = ids.get(ref.key());
        if (cached != null) {
            return cached;
        }
        jdbc.update("""
                INSERT INTO alert_group (group_key, receiver, route_id, group_labels, group_wait_ms,
                                         group_interval_ms, repeat_interval_ms, created_at)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (group_key) DO NOTHING""",
                ref.key(), ref.receiver(), ref.routeId(), Json.write(ref.groupLabels()), ref.groupWait().toMillis(),
                ref.groupInterval().toMillis(), ref.repeatInterval().toMillis(), ts(now));
        long id = jdbc.queryForObject("SELECT id FROM alert_group WHERE group_key = ?", Long.class, ref.key());
        if (ids.size() < 100_000) {
            ids.put(ref.key(), id);
        }
        return id;
    }

    public void setMember(long groupId, String fingerprint, boolean firing) {
        jdbc.update("INSERT INTO group_member (group_id, fingerprint, firing) VALUES (?, ?, ?) "
                + "ON CONFLICT (group_id, fingerprint) DO UPDATE SET firing = EXCLUDED.firing", groupId, fingerprint,
                firing);
    }

    /** The groups in which the alert currently fires. */
    public List<Long> firingMemberships(String fingerprint) {
        return jdbc.queryForList("SELECT group_id FROM group_member WHERE fingerprint = ? AND firing", Long.class,
                fingerprint);
    }

    /** Groups with a firing alert on the target: flushed when something that held them back ends. */
    public List<Long> withFiringMembersOn(String target) {
        return jdbc.queryForList("SELECT DISTINCT m.group_id FROM group_member m JOIN alert a USING (fingerprint) "
                + "WHERE m.firing AND a.status = 'firing' AND a.target = ?", Long.class, target);
    }

    /** Groups of these alerts in which they fire. */
    public List<Long> firingMembershipsOf(Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("SELECT DISTINCT group_id FROM group_member WHERE firing AND fingerprint = ANY (?)",
                Long.class, (Object) fingerprints.toArray(String[]::new));
    }

    public GroupState state(long groupId) {
        return jdbc.queryForObject("SELECT * FROM alert_group WHERE id = ?", (rs, row) -> {
            Array last = rs.getArray("last_firing");
            return new GroupState(rs.getLong("id"), rs.getString("receiver"), rs.getString("route_id"),
                    rs.getString("group_key"), rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("last_notified_at") == null ? null
                            : rs.getTimestamp("last_notified_at").toInstant(),
                    new HashSet<>(Arrays.asList((String[]) last.getArray())),
                    Duration.ofMillis(rs.getLong("group_wait_ms")), Duration.ofMillis(rs.getLong("group_interval_ms")),
                    Duration.ofMillis(rs.getLong("repeat_interval_ms")));
        }, groupId);
    }

    public Map<String, Object> labels(long groupId) {
        String json = jdbc.queryForObject("SELECT group_labels FROM alert_group WHERE id = ?", String.class, groupId);
        return Json.read(json, Map.class);
    }

    public List<Member> members(long groupId) {
        return jdbc.query("SELECT " + AlertStore.COLUMNS + ", m.firing AS member_firing FROM group_member m "
                        + "JOIN alert a USING (fingerprint) WHERE m.group_id = ? ORDER BY a.starts_at, a.fingerprint",
                (rs, row) -> new Member(AlertStore.ROWS.mapRow(rs, row), rs.getBoolean("member_firing")), groupId);
    }

    public void recordNotified(long groupId, Instant at, Collection<String> firing) {
        jdbc.update("UPDATE alert_group SET last_notified_at = ?, last_firing = ? WHERE id = ?", ts(at),
                firing.toArray(String[]::new), groupId);
    }

    /** Forgets members that stopped firing, unless they fire again meanwhile. */
    public void drop(long groupId, Collection<String> fingerprints) {
        if (!fingerprints.isEmpty()) {
            jdbc.update("DELETE FROM group_member WHERE group_id = ? AND NOT firing AND fingerprint = ANY (?)",
                    groupId, fingerprints.toArray(String[]::new));
        }
    }
}
