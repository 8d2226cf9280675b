package dev.dbops.alert.deliver;

import dev.dbops.alert.group.GroupNotification;
import dev.dbops.alert.group.GroupState;
import dev.dbops.alert.group.Groups;
import dev.dbops.alert.inhibit.InhibitRule;
import dev.dbops.alert.inhibit.InhibitionProperties;
import dev.dbops.alert.inhibit.MigrationWindow;
import dev.dbops.alert.inhibit.MigrationWindows;
import dev.dbops.alert.intake.AlertStore;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.silence.Silence;
import dev.dbops.alert.silence.Silences;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Turns a group's due flush into the notification its receiver gets, or into nothing: the alerts
 * muted by a silence, an inhibiting alert or a running migration are left out, and a group with
 * nothing new to say stays quiet. Records what was said in the group, in the claiming transaction.
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
            DeliveryStore deliveries, InhibitionProperties inhibition) {
        this.groups = groups;
        this.alerts = alerts;
        this.silences = silences;
        this.windows = windows;
        this.deliveries = deliveries;
        this.inhibitRules = inhibition.inhibitRules();
        this.inhibitAcrossTargets = inhibitRules.stream().anyMatch(r -> !r.equal().contains("target"));
        this.expectedDuringMigration = inhibition.migrationWindow().enabled()
                ? inhibition.migrationWindow().expectedMatchers() : List.of();
    }

    /** What mutes alerts right now; made once per claimed batch. */
    public Mutes mutes(Instant now) {
        return new Mutes(silences.current(now), now);
    }

    public Optional<Notification> render(DeliveryStore.Claim claim, boolean sendResolved, Mutes mutes,
            Instant now) {
        GroupState group = groups.state(claim.groupId());
        GroupNotification decision = GroupNotification.decide(group, groups.members(claim.groupId()), mutes,
                sendResolved, now);
        groups.drop(group.id(), decision.dropped());
        if (decision.update()) {
            groups.recordNotified(group.id(), now, decision.firingFingerprints());
        }
        if (!decision.firing().isEmpty()) {
            Instant last = decision.update() || group.lastNotifiedAt() == null ? now : group.lastNotifiedAt();
            deliveries.scheduleAt(group.id(), group.receiver(), last.plus(group.repeatInterval()), now);
        }
        if (!decision.send()) {
            return Optional.empty();
        }
        List<Alert> resolved = decision.resolved().stream().map(a -> a.firing()
                ? new Alert(a.fingerprint(), a.labels(), a.severity(), Alert.Status.RESOLVED, a.summary(),
                        a.description(), a.runbookUrl(), a.details(), a.startsAt(), now, a.lastEventId(),
                        a.lastEventTime())
                : a).toList();
        Map<String, String> labels = new TreeMap<>();
        groups.labels(group.id()).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return Optional.of(new Notification(claim.id().toString(), claim.receiver(), group.key(), labels,
                decision.firing(), resolved, now));
    }

    /** Silences, inhibitions and migration windows, looked up once per target within a batch. */
    public final class Mutes implements Predicate<Alert> {

        private final List<Silence> silences;
        private final Instant now;
        private final Map<String, List<Alert>> firingByTarget = new HashMap<>();
        private final Map<String, Optional<MigrationWindow>> windowByTarget = new HashMap<>();

        Mutes(List<Silence> silences, Instant now) {
            this.silences = silences;
            this.now = now;
        }

        @Override
        public boolean test(Alert alert) {
            for (Silence silence : silences) {
                if (silence.mutes(alert.labels(), now)) {
                    return true;
                }
            }
            if (!expectedDuringMigration.isEmpty() && windowByTarget.computeIfAbsent(alert.target(), windows::on)
                    .map(w -> w.holds(alert, expectedDuringMigration, now)).orElse(false)) {
                return true;
            }
            if (inhibitRules.stream().noneMatch(r -> Matcher.all(r.target(), alert.labels()))) {
                return false;
            }
            // rules that compare the target only ever need the target's own firing alerts
            String scope = inhibitAcrossTargets ? "" : alert.target();
            return InhibitRule.inhibited(alert, inhibitRules, firingByTarget.computeIfAbsent(scope,
                    t -> t.isEmpty() ? alerts.firing() : alerts.firingOn(t)));
        }
    }
}
