package dev.dbops.alert.group;

import static dev.dbops.alert.store.AlertStore.ts;

import dev.dbops.alert.group.GroupNotification.Member;
import dev.dbops.alert.store.AlertStore;
import dev.dbops.alert.model.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Aggregation groups and their members, in the database so that every instance and every restart agree.
 * Every method takes a whole batch and costs one round trip (a query, or a JDBC batch of statements),
 * written in a fixed order (group id, then fingerprint) so that concurrent batches never deadlock.
 */
@Repository
public class Groups {

    /** A group's membership of one alert, firing or no longer firing. */
    public record Membership(long groupId, String fingerprint, boolean firing) {
    }

    /** A group as a flush sees it: what it last told, and the labels it is formed by. */
    public record Group(GroupState state, Map<String, String> labels) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    public Groups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The groups' ids by key, creating the groups that do not exist yet. Groups live on; they are few. */
    public Map<String, Long> ensure(Collection<GroupRef> refs, Instant now) {
        Map<String, Long> found = new HashMap<>();
        Map<String, GroupRef> missing = new TreeMap<>();
        for (GroupRef ref : refs) {
            Long cached = ids.get(ref.key());
            if (cached != null) {
                found.put(ref.key(), cached);
            } else {
                missing.put(ref.key(), ref);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        jdbc.batchUpdate("""
                INSERT INTO alert_group (group_key, receiver, route_id, group_labels, group_wait_ms,
                                         group_interval_ms, repeat_interval_ms, created_at)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (group_key) DO NOTHING""",
                missing.values().stream().map(ref -> new Object[] {ref.key(), ref.receiver(), ref.routeId(),
                        Json.write(ref.groupLabels()), ref.groupWait().toMillis(), ref.groupInterval().toMillis(),
                        ref.repeatInterval().toMillis(), ts(now)}).toList());
        jdbc.query("SELECT id, group_key FROM alert_group WHERE group_key = ANY (?)", rs -> {
            found.put(rs.getString("group_key"), rs.getLong("id"));
            if (ids.size() < 100_000) {
                ids.put(rs.getString("group_key"), rs.getLong("id"));
            }
        }, (Object) missing.keySet().toArray(String[]::new));
        return found;
    }

    public void setMembers(Collection<Membership> memberships) {
        jdbc.batchUpdate("INSERT INTO group_member (group_id, fingerprint, firing) VALUES (?, ?, ?) "
                + "ON CONFLICT (group_id, fingerprint) DO UPDATE SET firing = EXCLUDED.firing",
                memberships.stream().sorted(Comparator.comparingLong(Membership::groupId)
                                .thenComparing(Membership::fingerprint))
                        .map(m -> new Object[] {m.groupId(), m.fingerprint(), m.firing()}).toList());
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

    public Map<Long, Group> load(Collection<Long> groupIds) {
        Map<Long, Group> groups = new HashMap<>();
        jdbc.query("SELECT * FROM alert_group WHERE id = ANY (?)", rs -> {
            Map<String, String> labels = new TreeMap<>();
            Json.read(rs.getString("group_labels"), Map.class).forEach((k, v) -> labels.put(k.toString(),
                    String.valueOf(v)));
            groups.put(rs.getLong("id"), new Group(state(rs), labels));
        }, (Object) groupIds.toArray(Long[]::new));
        return groups;
    }

    private static GroupState state(ResultSet rs) throws SQLException {
        Array last = rs.getArray("last_firing");
        return new GroupState(rs.getLong("id"), rs.getString("receiver"), rs.getString("route_id"),
                rs.getString("group_key"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_notified_at") == null ? null : rs.getTimestamp("last_notified_at").toInstant(),
                new HashSet<>(Arrays.asList((String[]) last.getArray())),
                Duration.ofMillis(rs.getLong("group_wait_ms")), Duration.ofMillis(rs.getLong("group_interval_ms")),
                Duration.ofMillis(rs.getLong("repeat_interval_ms")));
    }

    /** The members of each group, oldest first. */
    public Map<Long, List<Member>> members(Collection<Long> groupIds) {
        Map<Long, List<Member>> members = new HashMap<>();
        jdbc.query("SELECT " + AlertStore.COLUMNS + ", m.group_id, m.firing AS member_firing FROM group_member m "
                        + "JOIN alert a USING (fingerprint) WHERE m.group_id = ANY (?) "
                        + "ORDER BY m.group_id, a.starts_at, a.fingerprint",
                rs -> {
                    members.computeIfAbsent(rs.getLong("group_id"), g -> new ArrayList<>())
                            .add(new Member(AlertStore.ROWS.mapRow(rs, 0), rs.getBoolean("member_firing")));
                }, (Object) groupIds.toArray(Long[]::new));
        return members;
    }

    /** What each group told its receiver now: the fingerprints it reported as firing. */
    public void recordNotified(Map<Long, Set<String>> firingByGroup, Instant at) {
        jdbc.batchUpdate("UPDATE alert_group SET last_notified_at = ?, last_firing = ? WHERE id = ?",
                new TreeMap<>(firingByGroup).entrySet().stream().map(e -> new Object[] {ts(at),
                        e.getValue().toArray(String[]::new), e.getKey()}).toList());
    }

    /** Forgets members that stopped firing, unless they fire again meanwhile. */
    public void drop(Map<Long, List<String>> fingerprintsByGroup) {
        jdbc.batchUpdate("DELETE FROM group_member WHERE group_id = ? AND NOT firing AND fingerprint = ANY (?)",
                new TreeMap<>(fingerprintsByGroup).entrySet().stream().filter(e -> !e.getValue().isEmpty())
                        .map(e -> new Object[] {e.getKey(), e.getValue().toArray(String[]::new)}).toList());
    }
}
