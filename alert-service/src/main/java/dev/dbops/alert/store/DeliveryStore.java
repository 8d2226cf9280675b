package dev.dbops.alert.store;

import static dev.dbops.alert.store.AlertStore.ts;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Persisted deliveries. A group has at most one pending delivery: a change to the group while one
 * waits only brings it forward. Workers claim due deliveries with FOR UPDATE SKIP LOCKED, so
 * instances share the work and no delivery is claimed twice while its lease runs.
 */
@Repository
public class DeliveryStore {

    /**
     * A claimed delivery; {@code notification} is null until rendered at its first claim. {@code dueAt}: when
     * this attempt became due (its group's wait or interval, or its back-off, ended).
     */
    public record Claim(UUID id, UUID token, long groupId, String receiver, @Nullable String notification,
            int attempts, @Nullable UUID fallbackOf, Instant dueAt) {
    }

    private final JdbcTemplate jdbc;

    public DeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The groups' next flushes: group_wait after a group formed, or group_interval after its last
     * notification. One statement, its rows locked in group order.
     */
    public void schedule(Collection<Long> groupIds, Instant now) {
        if (groupIds.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO delivery (id, group_id, receiver, status, not_before, created_at, updated_at)
                SELECT gen_random_uuid(), g.id, g.receiver, 'pending', GREATEST(?::timestamptz,
                        CASE WHEN g.last_notified_at IS NULL
                        THEN g.created_at + g.group_wait_ms * interval '1 millisecond'
                        ELSE g.last_notified_at + g.group_interval_ms * interval '1 millisecond' END), ?, ?
                FROM alert_group g WHERE g.id = ANY (?) ORDER BY g.id
                ON CONFLICT (group_id) WHERE status = 'pending' DO UPDATE
                    SET not_before = LEAST(delivery.not_before, EXCLUDED.not_before), updated_at = EXCLUDED.updated_at""",
                ts(now), ts(now), ts(now), new TreeSet<>(groupIds).toArray(Long[]::new));
    }

    /** A group's flush at a fixed time (the repeat interval), unless one is due sooner. */
    public record Repeat(long groupId, String receiver, Instant at) {
    }

    public void scheduleAt(List<Repeat> repeats, Instant now) {
        jdbc.batchUpdate("""
                INSERT INTO delivery (id, group_id, receiver, status, not_before, created_at, updated_at)
                VALUES (gen_random_uuid(), ?, ?, 'pending', ?, ?, ?)
                ON CONFLICT (group_id) WHERE status = 'pending' DO UPDATE
                    SET not_before = LEAST(delivery.not_before, EXCLUDED.not_before)""",
                repeats.stream().sorted(Comparator.comparingLong(Repeat::groupId)).map(r -> new Object[] {
                        r.groupId(), r.receiver(), ts(r.at()), ts(now), ts(now)}).toList());
    }

    /**
     * Lets the caller's transaction commit without waiting for its WAL flush. Only for delivery bookkeeping
     * (claims, renderings, outcomes) whose loss to a database crash means a delivery is sent again under
     * the same id, never that one is lost; it keeps claims short and the re-send window after a crash small.
     */
    public void commitWithoutFlushWait() {
        jdbc.execute("SET LOCAL synchronous_commit = off");
    }

    /**
     * Claims due deliveries of one receiver: pending or retrying ones whose time has come, and ones
     * whose sender's lease ran out (it crashed mid-send). Locks them in the caller's transaction, each
     * under a new claim token; the caller then marks each one {@link #sending} or {@link #skipped}, so a
     * claim writes each row once. A claimed delivery keeps the {@code not_before} it was due at, so every
     * claimable row lies at or before now in the due index: the scan stops there instead of reading every
     * group's future repeat.
     */
    public List<Claim> claim(String receiver, Instant now, int limit) {
        return jdbc.query("""
                SELECT id, group_id, receiver, notification, attempts, fallback_of, not_before FROM delivery
                WHERE receiver = ? AND status IN ('pending', 'retry', 'sending') AND not_before <= ?
                  AND (status <> 'sending' OR lease_until < ?)
                ORDER BY not_before LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, row) -> new Claim(rs.getObject("id", UUID.class), UUID.randomUUID(), rs.getLong("group_id"),
                        rs.getString("receiver"), rs.getString("notification"), rs.getInt("attempts"),
                        rs.getObject("fallback_of", UUID.class), rs.getTimestamp("not_before").toInstant()),
                receiver, ts(now), ts(now), limit);
    }

    /** A claimed delivery to send; {@code rendered} when this claim rendered it, null when it keeps what it says. */
    public record Sending(Claim claim, @Nullable Notification rendered) {
    }

    /**
     * Marks claimed deliveries as being sent until the lease ends, under their claim's token, storing the
     * notifications rendered by this claim: a retry sends exactly what the first attempt sent.
     */
    public void sending(List<Sending> sending, Instant now, Duration lease) {
        List<Object[]> rendered = new ArrayList<>();
        List<Object[]> kept = new ArrayList<>();
        for (Sending s : sending) {
            Notification notification = s.rendered();
            if (notification != null) {
                rendered.add(new Object[] {ts(now.plus(lease)), ts(now), s.claim().token(), Json.write(notification),
                        notification.alerts().stream().map(Alert::fingerprint).toArray(String[]::new),
                        s.claim().id()});
            } else {
                kept.add(new Object[] {ts(now.plus(lease)), ts(now), s.claim().token(), s.claim().id()});
            }
        }
        if (!rendered.isEmpty()) {
            jdbc.batchUpdate("UPDATE delivery SET status = 'sending', lease_until = ?, updated_at = ?, "
                    + "claim_token = ?, notification = ?::jsonb, fingerprints = ? WHERE id = ?", rendered);
        }
        if (!kept.isEmpty()) {
            jdbc.batchUpdate("UPDATE delivery SET status = 'sending', lease_until = ?, updated_at = ?, claim_token = ? "
                    + "WHERE id = ?", kept);
        }
    }

    /**
     * Renews the claim for one more send; false when the lease ran out and another sender took the
     * delivery over (it sends it then, not this one).
     */
    public boolean renew(Claim claim, Instant now, Duration lease) {
        return jdbc.update("UPDATE delivery SET lease_until = ? WHERE id = ? AND claim_token = ? AND status = 'sending'",
                ts(now.plus(lease)), claim.id(), claim.token()) == 1;
    }

    /** Claimed deliveries with nothing new to say. */
    public void skipped(Collection<UUID> ids, Instant now) {
        if (!ids.isEmpty()) {
            jdbc.update("UPDATE delivery SET status = 'skipped', lease_until = NULL, updated_at = ? WHERE id = ANY (?)",
                    ts(now), ids.toArray(UUID[]::new));
        }
    }

    /**
     * Hands rendered claims this instance will not send (it is stopping) back at once rather than after
     * their lease.
     */
    public void release(Collection<Claim> claims, Instant now) {
        jdbc.batchUpdate("UPDATE delivery SET status = 'retry', not_before = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND claim_token = ?",
                claims.stream().map(c -> new Object[] {ts(now), ts(now), c.id(), c.token()}).toList());
    }

    /** A delivery the receiver accepted, after this many attempts in all. */
    public record Delivered(Claim claim, int attempts) {
    }

    /**
     * Accepted by the receiver: terminal, so they are never sent again. One count per delivery, 0 where the
     * claim was lost (another sender took the delivery over).
     */
    public int[] delivered(List<Delivered> delivered, Instant now) {
        return jdbc.batchUpdate("UPDATE delivery SET status = 'delivered', attempts = ?, lease_until = NULL, "
                + "last_error = NULL, delivered_at = ?, updated_at = ? WHERE id = ? AND claim_token = ?",
                delivered.stream().map(d -> new Object[] {d.attempts(), ts(now), ts(now), d.claim().id(),
                        d.claim().token()}).toList());
    }

    public boolean retry(Claim claim, int attempts, Instant notBefore, String error, Instant now) {
        return jdbc.update("UPDATE delivery SET status = 'retry', attempts = ?, not_before = ?, lease_until = NULL, "
                + "last_error = ?, updated_at = ? WHERE id = ? AND claim_token = ?", attempts, ts(notBefore), error,
                ts(now), claim.id(), claim.token()) == 1;
    }

    public boolean failed(Claim claim, int attempts, String error, Instant now) {
        return jdbc.update("UPDATE delivery SET status = 'failed', attempts = ?, lease_until = NULL, last_error = ?, "
                + "updated_at = ? WHERE id = ? AND claim_token = ?", attempts, error, ts(now), claim.id(),
                claim.token()) == 1;
    }

    /** The same notification for the fallback receiver, due at once. */
    public void fallback(UUID id, long groupId, String receiver, String notification, List<String> fingerprints,
            UUID failed, Instant now) {
        jdbc.update("""
                INSERT INTO delivery (id, group_id, receiver, status, not_before, notification, fingerprints,
                                      fallback_of, created_at, updated_at)
                VALUES (?, ?, ?, 'retry', ?, ?::jsonb, ?, ?, ?, ?)""",
                id, groupId, receiver, ts(now), notification, fingerprints.toArray(String[]::new), failed, ts(now),
                ts(now));
    }

    public List<Map<String, Object>> ofAlert(String fingerprint) {
        return jdbc.queryForList("SELECT id, receiver, status, attempts, not_before, last_error, fallback_of, "
                + "created_at, delivered_at, notification->>'createdAt' AS rendered_at FROM delivery "
                + "WHERE fingerprints @> ARRAY[?]::text[] ORDER BY created_at", fingerprint);
    }

    public List<Map<String, Object>> list(@Nullable String status, @Nullable String receiver, int limit) {
        return jdbc.queryForList("SELECT id, receiver, status, attempts, not_before, last_error, fallback_of, "
                + "fingerprints::text AS fingerprints, created_at, delivered_at FROM delivery "
                + "WHERE (?::text IS NULL OR status = ?) AND (?::text IS NULL OR receiver = ?) "
                + "ORDER BY created_at DESC LIMIT ?", status, status, receiver, receiver, limit);
    }

    /** Deliveries per receiver and status, for the receivers' health. */
    public List<Map<String, Object>> counts() {
        return jdbc.queryForList("SELECT receiver, status, count(*) AS n, max(delivered_at) AS last_delivered "
                + "FROM delivery GROUP BY receiver, status");
    }

    /** One receiver's backlog: deliveries not yet accepted, and how long the longest-waiting due one has waited. */
    public record Backlog(long pending, double oldestDueSeconds) {
    }

    /**
     * The backlogs by receiver: deliveries due and waiting for a sender, being sent, or retrying (also while
     * their back-off runs); future group flushes are not in them. Read from the due index.
     */
    public Map<String, Backlog> backlogs(Instant now) {
        Map<String, Backlog> backlogs = new TreeMap<>();
        jdbc.query("""
                SELECT receiver, count(*) AS pending, coalesce(extract(epoch FROM
                           ?::timestamptz - min(not_before) FILTER (WHERE not_before <= ?)), 0) AS oldest_due
                FROM delivery
                WHERE status IN ('pending', 'retry', 'sending') AND (status <> 'pending' OR not_before <= ?)
                GROUP BY receiver""",
                rs -> {
                    backlogs.put(rs.getString("receiver"),
                            new Backlog(rs.getLong("pending"), rs.getDouble("oldest_due")));
                }, ts(now), ts(now), ts(now));
        return backlogs;
    }
}
