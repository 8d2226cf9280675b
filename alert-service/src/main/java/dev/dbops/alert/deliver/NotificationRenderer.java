package dev.dbops.alert.deliver;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.group.GroupNotification.Member;
import dev.dbops.alert.group.GroupNotification;
import dev.dbops.alert.group.GroupState;
import dev.dbops.alert.group.Groups.Group;
import dev.dbops.alert.group.Groups;
import dev.dbops.alert.inhibit.InhibitRule;
import dev.dbops.alert.inhibit.MigrationWindow;
import dev.dbops.alert.inhibit.MigrationWindows;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.silence.Silence;
import dev.dbops.alert.silence.Silences;
import dev.dbops.alert.store.AlertStore;
import dev.dbops.alert.store.DeliveryStore.Claim;
import dev.dbops.alert.store.DeliveryStore.Repeat;
import dev.dbops.alert.store.DeliveryStore.Sending;
import dev.dbops.alert.store.DeliveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Turns the due flushes of a claimed batch into the notifications their receiver gets, or into nothing:
 * the alerts muted by a silence, an inhibiting alert or a running migration are left out, and a group
 * with nothing new to say stays quiet. Records what was said in the groups, in the claiming transaction,
 * with a few set-based statements for the whole batch.
 */
@Component
public class NotificationRenderer {

    private final Groups groups;
    private final AlertStore alerts;
    private final Silences silences;
    private final MigrationWindows windows;
    private final DeliveryStore deliveries;
    private final List<InhibitRule> inhibitRules;
    private final List<Matcher> expectedDuringMigration;
    private final boolean inhibitAcrossTargets;

    public NotificationRenderer(Groups groups, AlertStore alerts, Silences silences, MigrationWindows windows,
            DeliveryStore deliveries, AlertSettings settings) {
        this.groups = groups;
        this.alerts = alerts;
        this.silences = silences;
        this.windows = windows;
        this.deliveries = deliveries;
        this.inhibitRules = InhibitRule.configured(settings.inhibition());
        this.inhibitAcrossTargets = inhibitRules.stream().anyMatch(r -> !r.equal().contains("target"));
        this.expectedDuringMigration = MigrationWindow.expected(settings.inhibition().migrationWindow());
    }

    /**
     * Renders the claims that have no notification yet; the others keep theirs (a retry sends exactly
     * what the first attempt sent). Marks the claims to send as sending until {@code lease} ends, with what
     * they say, and the others as skipped.
     *
     * @return the notification of each claim to send, by claim id; claims left out have nothing to say
     *     and are marked skipped
     */
    public Map<UUID, Notification> render(List<Claim> claims, boolean sendResolved, Instant now,
            Duration lease) {
        Map<UUID, Notification> ready = new LinkedHashMap<>();
        List<Sending> sending = new ArrayList<>();
        List<Claim> fresh = new ArrayList<>();
        for (Claim claim : claims) {
            if (claim.notification() != null) {
                ready.put(claim.id(), Json.read(claim.notification(), Notification.class));
                sending.add(new Sending(claim, null));
            } else {
                fresh.add(claim);
            }
        }
        if (fresh.isEmpty()) {
            deliveries.sending(sending, now, lease);
            return ready;
        }
        List<Long> groupIds = fresh.stream().map(Claim::groupId).distinct().toList();
        Map<Long, Group> loaded = groups.load(groupIds);
        Map<Long, List<Member>> members = groups.members(groupIds);
        Mutes mutes = mutes(members.values(), now);
        Map<Long, List<String>> dropped = new HashMap<>();
        Map<Long, Set<String>> notified = new HashMap<>();
        List<Repeat> repeats = new ArrayList<>();
        List<UUID> skipped = new ArrayList<>();
        for (Claim claim : fresh) {
            Group group = loaded.get(claim.groupId());
            GroupState state = group.state();
            GroupNotification decision = GroupNotification.decide(state,
                    members.getOrDefault(state.id(), List.of()), mutes, sendResolved, now);
            dropped.put(state.id(), decision.dropped());
            if (decision.update()) {
                notified.put(state.id(), decision.firingFingerprints());
            }
            if (!decision.firing().isEmpty()) {
                Instant last = decision.update() || state.lastNotifiedAt() == null ? now : state.lastNotifiedAt();
                repeats.add(new Repeat(state.id(), state.receiver(), last.plus(state.repeatInterval())));
            }
            if (!decision.send()) {
                skipped.add(claim.id());
                continue;
            }
            Notification notification = new Notification(claim.id().toString(), claim.receiver(), state.key(),
                    group.labels(), decision.firing(), resolvedAt(decision.resolved(), now), now);
            ready.put(claim.id(), notification);
            sending.add(new Sending(claim, notification));
        }
        groups.drop(dropped);
        groups.recordNotified(notified, now);
        // the claimed rows leave 'pending' before the groups' next flushes are scheduled: a flush scheduled
        // while its group's claimed row is still pending would fold into that row and be lost with it
        deliveries.sending(sending, now, lease);
        deliveries.skipped(skipped, now);
        deliveries.scheduleAt(repeats, now);
        return ready;
    }

    /** Alerts reported as resolved end now when their own resolve has not been seen (they stopped firing here). */
    private static List<Alert> resolvedAt(List<Alert> resolved, Instant now) {
        return resolved.stream().map(a -> a.firing()
                ? new Alert(a.fingerprint(), a.labels(), a.severity(), Alert.Status.RESOLVED, a.summary(),
                        a.description(), a.runbookUrl(), a.details(), a.startsAt(), now, a.lastEventId(),
                        a.lastEventTime())
                : a).toList();
    }

    /** What mutes the batch's alerts right now, read once for all their targets. */
    private Mutes mutes(Iterable<List<Member>> members, Instant now) {
        Set<String> targets = new HashSet<>();
        members.forEach(list -> list.forEach(m -> targets.add(m.alert().target())));
        Map<String, MigrationWindow> windowByTarget = new HashMap<>();
        if (!expectedDuringMigration.isEmpty()) {
            windows.on(targets).forEach(w -> windowByTarget.put(w.target(), w));
        }
        Map<String, List<Alert>> firingByScope = new HashMap<>();
        if (!inhibitRules.isEmpty()) {
            // rules that compare the target only ever need the target's own firing alerts
            for (Alert alert : inhibitAcrossTargets ? alerts.firing() : alerts.firingOn(targets)) {
                firingByScope.computeIfAbsent(inhibitAcrossTargets ? "" : alert.target(), t -> new ArrayList<>())
                        .add(alert);
            }
        }
        return new Mutes(silences.current(now), windowByTarget, firingByScope, now);
    }

    /** Silences, inhibitions and migration windows of one batch. */
    private final class Mutes implements Predicate<Alert> {

        private final List<Silence> silences;
        private final Map<String, MigrationWindow> windowByTarget;
        private final Map<String, List<Alert>> firingByScope;
        private final Instant now;

        Mutes(List<Silence> silences, Map<String, MigrationWindow> windowByTarget,
                Map<String, List<Alert>> firingByScope, Instant now) {
            this.silences = silences;
            this.windowByTarget = windowByTarget;
            this.firingByScope = firingByScope;
            this.now = now;
        }

        @Override
        public boolean test(Alert alert) {
            for (Silence silence : silences) {
                if (silence.mutes(alert.labels(), now)) {
                    return true;
                }
            }
            if (Optional.ofNullable(windowByTarget.get(alert.target()))
                    .map(w -> w.holds(alert, expectedDuringMigration, now)).orElse(false)) {
                return true;
            }
            if (inhibitRules.stream().noneMatch(r -> Matcher.all(r.target(), alert.labels()))) {
                return false;
            }
            return InhibitRule.inhibited(alert, inhibitRules,
                    firingByScope.getOrDefault(inhibitAcrossTargets ? "" : alert.target(), List.of()));
        }
    }
}
