package dev.dbops.alert.group;

import dev.dbops.alert.model.Alert;
import dev.dbops.common.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one group sends when its flush comes due, decided as Alertmanager's dedup stage decides it.
 * A group that never notified sends once something fires. After that it notifies when an alert
 * newly fires, when everything it reported as firing stopped firing, when (for receivers that want
 * them) alerts resolved since the last notification, and otherwise only once the repeat interval
 * has passed. Muted alerts (silenced, inhibited, held back) count as not firing.
 *
 * <p>One departure from Alertmanager: an info notice (a migration window, say) that started and
 * finished before the group's flush was never reported as firing, and Alertmanager would drop it
 * unseen. Operators want to hear of maintenance windows however short, so such a notice is told
 * once, as resolved, to receivers that take resolved notifications.
 *
 * @param firing alerts to report as firing
 * @param resolved alerts to report as resolved (empty for receivers that do not take resolved notifications)
 * @param dropped members that stopped firing for the group and can be forgotten once this is recorded
 * @param update whether the group's state moves on (a notification, or an all-clear with nothing to send)
 */
public record GroupNotification(List<Alert> firing, List<Alert> resolved, List<String> dropped, boolean update) {

    /** A group member: the alert, and whether it is still firing for this group. */
    public record Member(Alert alert, boolean firingInGroup) {
    }

    public static GroupNotification decide(GroupState group, List<Member> members, Predicate<Alert> muted,
            boolean sendResolved, Instant now) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        boolean unseenNotice = false;
        for (Member member : members) {
            Alert alert = member.alert();
            if (member.firingInGroup() && alert.firing()) {
                if (!muted.test(alert)) {
                    firing.add(alert);
                }
            } else {
                dropped.add(alert.fingerprint());
                if (group.lastFiring().contains(alert.fingerprint())) {
                    resolved.add(alert);
                } else if (alert.severity() == Severity.INFO && !alert.firing() && !muted.test(alert)) {
                    resolved.add(alert);
                    unseenNotice = true;
                }
            }
        }
        Set<String> nowFiring = new HashSet<>();
        firing.forEach(a -> nowFiring.add(a.fingerprint()));
        boolean update;
        if (sendResolved && unseenNotice) {
            update = true;
        } else if (group.lastNotifiedAt() == null) {
            update = !firing.isEmpty();
        } else if (!group.lastFiring().containsAll(nowFiring)) {
            update = true;
        } else if (firing.isEmpty()) {
            update = !group.lastFiring().isEmpty();
        } else if (sendResolved && !resolved.isEmpty()) {
            update = true;
        } else {
            update = !now.isBefore(group.lastNotifiedAt().plus(group.repeatInterval()));
        }
        return new GroupNotification(firing, sendResolved ? resolved : List.of(), dropped, update);
    }

    /** Whether there is anything for the receiver: an update may only clear the group's state. */
    public boolean send() {
        return update && (!firing.isEmpty() || !resolved.isEmpty());
    }

    public Set<String> firingFingerprints() {
        Set<String> set = new HashSet<>();
        firing.forEach(a -> set.add(a.fingerprint()));
        return set;
    }
}
