package dev.dbops.alert.engine;

import dev.dbops.alert.change.ChangeEvents;
import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.group.GroupRef;
import dev.dbops.alert.group.Groups.Membership;
import dev.dbops.alert.group.Groups;
import dev.dbops.alert.inhibit.InhibitRule;
import dev.dbops.alert.inhibit.MigrationWindows;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.AlertChange.Changed;
import dev.dbops.alert.model.AlertChange.Fire;
import dev.dbops.alert.model.AlertChange.Resolve;
import dev.dbops.alert.model.AlertChange.WindowClose;
import dev.dbops.alert.model.AlertChange.WindowOpen;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.receiver.pagerduty.PagerDutyEvents;
import dev.dbops.alert.route.Route;
import dev.dbops.alert.route.RouteTree;
import dev.dbops.alert.store.AlertStore.Change;
import dev.dbops.alert.store.AlertStore.Saved;
import dev.dbops.alert.store.AlertStore;
import dev.dbops.alert.store.DeliveryStore;
import dev.dbops.common.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies alert changes in the caller's transaction (the one that consumes the events): the alerts,
 * their history, their group memberships and the groups' pending deliveries are written together, so a
 * consumed event always has its deliveries and a rolled-back one has none. A whole batch of changes is
 * worked out in memory, in order, and written with a handful of set-based statements.
 */
@Service
public class AlertIntake {

    /** One change, with the event that caused it (a resolve is traced to it as the alert's last event). */
    public record Step(AlertChange change, @Nullable String eventType, String eventId, Instant eventTime) {

        public static Step of(AlertChange change, CloudEvent<?> event, Instant now) {
            return new Step(change, event.type(), event.id(), event.time() != null ? event.time() : now);
        }
    }

    private final AlertStore alerts;
    private final Groups groups;
    private final DeliveryStore deliveries;
    private final MigrationWindows windows;
    private final Receivers receivers;
    private final ChangeEvents changeEvents;
    private final DeliveryWorker worker;
    private final Route routes;
    private final List<InhibitRule> inhibitRules;
    private final AlertSettings.Inhibition.Window window;
    private final Clock clock;

    public AlertIntake(AlertStore alerts, Groups groups, DeliveryStore deliveries, MigrationWindows windows,
            Receivers receivers, DeliveryWorker worker, AlertSettings settings,
            ChangeEvents changeEvents, Clock clock) {
        this.alerts = alerts;
        this.groups = groups;
        this.deliveries = deliveries;
        this.windows = windows;
        this.receivers = receivers;
        this.changeEvents = changeEvents;
        this.worker = worker;
        this.routes = RouteTree.of(settings.route());
        this.inhibitRules = InhibitRule.configured(settings.inhibition());
        this.window = settings.inhibition().migrationWindow();
        this.clock = clock;
    }

    /** Applies changes in order; alerts that are not firing ignore a resolve. */
    public void apply(List<Step> steps, Instant now) {
        Batch batch = new Batch(steps, now);
        for (Step step : steps) {
            if (step.change() instanceof Fire fire) {
                batch.fire(fire, step);
            } else if (step.change() instanceof Resolve resolve) {
                batch.resolve(resolve, step);
            } else if (step.change() instanceof WindowOpen open) {
                // a start dated in the future (a skewed clock or a forged event) holds nothing past now + overrun
                Instant started = open.startedAt().isAfter(now) ? now : open.startedAt();
                windows.open(open.target(), open.requestId(), started, started.plus(window.overrun()));
            } else if (step.change() instanceof WindowClose close) {
                windows.close(close.target(), close.failed() ? now : now.plus(window.settle()));
            } else if (step.change() instanceof Changed changed) {
                receivers.all().stream().filter(r -> r.receiver().type().equals("pagerduty")).forEach(r -> changeEvents
                        .add(r.receiver().name(), PagerDutyEvents.change(changed.target(), changed.summary(),
                                changed.details(), changed.at()), now));
            }
        }
        batch.write();
        wakeWorkerAfterCommit();
    }

    /** Schedules the groups' next flush (something that muted them ended). */
    public void flush(Collection<Long> groupIds, Instant now) {
        deliveries.schedule(groupIds, now);
        wakeWorkerAfterCommit();
    }

    private List<GroupRef> groupsOf(Alert alert) {
        List<GroupRef> refs = new ArrayList<>();
        for (Route route : routes.match(alert.labels())) {
            if (receivers.isEnabled(route.receiver())) {
                refs.add(GroupRef.of(route, alert.labels()));
            }
        }
        return refs;
    }

    /** The state of one batch: every alert it touches, locked, and what it will write. */
    private final class Batch {

        private final Instant now;
        private final Map<String, Alert> current;
        private final Map<String, Set<Long>> firingIn;
        private final Map<String, Long> groupIds;
        private final Map<String, Saved> saved = new TreeMap<>();
        private final List<Change> history = new ArrayList<>();
        private final Map<String, Membership> memberships = new HashMap<>();
        private final Set<Long> flushes = new TreeSet<>();
        private final List<Alert> releasing = new ArrayList<>();

        Batch(List<Step> steps, Instant now) {
            this.now = now;
            Set<String> fingerprints = new TreeSet<>();
            List<GroupRef> refs = new ArrayList<>();
            for (Step step : steps) {
                if (step.change() instanceof Fire fire) {
                    fingerprints.add(fire.alert().fingerprint());
                    refs.addAll(groupsOf(fire.alert()));
                } else if (step.change() instanceof Resolve resolve) {
                    fingerprints.add(resolve.fingerprint());
                }
            }
            AlertStore.Locked locked = alerts.lock(fingerprints);
            current = locked.alerts();
            firingIn = locked.firingIn();
            groupIds = refs.isEmpty() ? Map.of() : groups.ensure(refs, now);
        }

        void fire(Fire fire, Step step) {
            Alert incoming = fire.alert();
            String fingerprint = incoming.fingerprint();
            Alert previous = current.get(fingerprint);
            // a breach that is already firing keeps its start; one that fires again starts anew
            Instant startsAt = previous != null && previous.firing() ? previous.startsAt() : incoming.startsAt();
            Alert alert = new Alert(fingerprint, incoming.labels(), incoming.severity(), Alert.Status.FIRING,
                    incoming.summary(), incoming.description(), incoming.runbookUrl(), incoming.details(), startsAt,
                    null, incoming.lastEventId(), incoming.lastEventTime());
            changed(alert, fire.resolveAfter(), step);
            Set<Long> joined = new LinkedHashSet<>();
            groupsOf(alert).forEach(ref -> joined.add(groupIds.get(ref.key())));
            for (long group : firingIn.getOrDefault(fingerprint, Set.of())) {
                if (!joined.contains(group)) {
                    // its labels moved it (a new severity routes elsewhere): it resolves in the old group
                    member(group, fingerprint, false);
                }
            }
            joined.forEach(group -> member(group, fingerprint, true));
            firingIn.put(fingerprint, joined);
        }

        void resolve(Resolve resolve, Step step) {
            Alert before = current.get(resolve.fingerprint());
            if (before == null || !before.firing()) {
                return;
            }
            changed(new Alert(before.fingerprint(), before.labels(), before.severity(), Alert.Status.RESOLVED,
                    before.summary(), before.description(), before.runbookUrl(), before.details(), before.startsAt(),
                    resolve.at(), step.eventId(), step.eventTime()), Instant.MAX, step);
            firingIn.getOrDefault(before.fingerprint(), Set.of()).forEach(g -> member(g, before.fingerprint(), false));
            firingIn.put(before.fingerprint(), Set.of());
            if (inhibitRules.stream().anyMatch(r -> Matcher.all(r.source(), before.labels()))) {
                releasing.add(before);
            }
        }

        private void changed(Alert alert, Instant resolveAfter, Step step) {
            current.put(alert.fingerprint(), alert);
            saved.put(alert.fingerprint(), new Saved(alert, resolveAfter));
            history.add(new Change(alert, step.eventType()));
        }

        private void member(long group, String fingerprint, boolean firing) {
            memberships.put(group + "/" + fingerprint, new Membership(group, fingerprint, firing));
            flushes.add(group);
        }

        /**
         * The groups of the alerts that the batch's resolved alerts inhibited on their targets: they may
         * speak now.
         */
        private Set<Long> released() {
            if (releasing.isEmpty()) {
                return Set.of();
            }
            Map<String, List<Alert>> sourcesByTarget = new HashMap<>();
            releasing.forEach(a -> sourcesByTarget.computeIfAbsent(a.target(), t -> new ArrayList<>()).add(a.asFiring()));
            Map<String, Alert> onTargets = new HashMap<>();
            alerts.firingOn(sourcesByTarget.keySet()).forEach(a -> onTargets.put(a.fingerprint(), a));
            current.values().stream().filter(a -> sourcesByTarget.containsKey(a.target()))
                    .forEach(a -> onTargets.put(a.fingerprint(), a));
            Set<Long> released = new HashSet<>();
            List<String> elsewhere = new ArrayList<>();
            for (Alert alert : onTargets.values()) {
                if (alert.firing() && sourcesByTarget.get(alert.target()).stream().anyMatch(source -> inhibitRules
                        .stream().anyMatch(rule -> rule.inhibits(source, alert)))) {
                    Set<Long> known = firingIn.get(alert.fingerprint());
                    if (known != null) {
                        released.addAll(known);
                    } else {
                        elsewhere.add(alert.fingerprint());
                    }
                }
            }
            released.addAll(groups.firingMembershipsOf(elsewhere));
            return released;
        }

        /** Deliveries first, then alerts, then members: the order the delivery worker locks them in too. */
        void write() {
            flushes.addAll(released());
            deliveries.schedule(flushes, now);
            alerts.save(saved.values(), now);
            groups.setMembers(memberships.values());
            alerts.recordChanges(history, now);
        }
    }

    private void wakeWorkerAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wakeUp();
                }
            });
        } else {
            worker.wakeUp();
        }
    }
}
