package dev.dbops.alert.group;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a group (one receiver, one route, one set of group label values) last told its receiver.
 *
 * @param lastFiring the fingerprints the last notification reported as firing
 */
public record GroupState(long id, String receiver, String routeId, String key, Instant createdAt,
        @Nullable Instant lastNotifiedAt, Set<String> lastFiring, Duration groupWait, Duration groupInterval,
        Duration repeatInterval) {

    public GroupState {
        lastFiring = Set.copyOf(lastFiring);
    }

    /**
     * When the group should next notify after a change: group_wait after it formed if it never
     * notified, else group_interval after its last notification (never before now).
     */
    public Instant flushDue(Instant now) {
        Instant due = lastNotifiedAt == null ? createdAt.plus(groupWait) : lastNotifiedAt.plus(groupInterval);
        return due.isBefore(now) ? now : due;
    }
}
