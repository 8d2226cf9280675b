package dev.dbops.alert.intake;

import dev.dbops.alert.deliver.DeliveryStore;
import dev.dbops.alert.deliver.DeliveryWorker;
import dev.dbops.alert.group.GroupRef;
import dev.dbops.alert.group.Groups;
import dev.dbops.alert.inhibit.InhibitRule;
import dev.dbops.alert.inhibit.InhibitionProperties;
import dev.dbops.alert.inhibit.MigrationWindows;
import dev.dbops.alert.intake.AlertChange.Fire;
import dev.dbops.alert.intake.AlertChange.Resolve;
import dev.dbops.alert.intake.AlertChange.WindowClose;
import dev.dbops.alert.intake.AlertChange.WindowOpen;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.route.Route;
import dev.dbops.alert.route.RoutingProperties;
import dev.dbops.common.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies alert changes in the caller's transaction (the one that consumes the event): the alert,
 * its history, its group memberships and the groups' pending deliveries are written together, so a
 * consumed event always has its deliveries and a rolled-back one has none.
 */
@Service
public class AlertIntake {

    private final AlertStore alerts;
    private final Groups groups;
    private final DeliveryStore deliveries;
    private final MigrationWindows windows;
    private final Receivers receivers;
    private final DeliveryWorker worker;
    private final Route routes;
    private final List<InhibitRule> inhibitRules;
    private final InhibitionProperties.Window window;
    private final Clock clock;

    public AlertIntake(AlertStore alerts, Groups groups, DeliveryStore deliveries, MigrationWindows windows,
            Receivers receivers, DeliveryWorker worker, RoutingProperties routing, InhibitionProperties inhibition,
            Clock clock) {
        this.alerts = alerts;
        this.groups = groups;
        this.deliveries = deliveries;
        this.windows = windows;
        this.receivers = receivers;
        this.worker = worker;
        this.routes = routing.tree();
        this.inhibitRules = inhibition.inhibitRules();
        this.window = inhibition.migrationWindow();
        this.clock = clock;
    }

    /** Applies what {@code event} means; a resolve is traced to it as the alert's last event. */
    public void apply(List<AlertChange> changes, CloudEvent<?> event) {
        Instant now = clock.instant();
        for (AlertChange change : changes) {
            if (change instanceof Fire fire) {
                fire(fire, event.type(), now);
            } else if (change instanceof Resolve resolve) {
                resolve(resolve.fingerprint(), resolve.at(), event.type(), event.id(),
                        event.time() != null ? event.time() : now, now);
            } else if (change instanceof WindowOpen open) {
                windows.open(open.target(), open.requestId(), open.startedAt(), open.startedAt().plus(window.overrun()));
            } else if (change instanceof WindowClose close) {
                windows.close(close.target(), close.failed() ? now : now.plus(window.settle()));
            }
        }
        wakeWorkerAfterCommit();
    }

    private void fire(Fire fire, @Nullable String eventType, Instant now) {
        Alert incoming = fire.alert();
        Optional<Alert> previous = alerts.lock(incoming.fingerprint());
        // a breach that is already firing keeps its start; one that fires again starts anew
        Instant startsAt = previous.filter(Alert::firing).map(Alert::startsAt).orElse(incoming.startsAt());
        Alert alert = new Alert(incoming.fingerprint(), incoming.labels(), incoming.severity(), Alert.Status.FIRING,
                incoming.summary(), incoming.description(), incoming.runbookUrl(), incoming.details(), startsAt, null,
                incoming.lastEventId(), incoming.lastEventTime());
        alerts.save(alert, fire.resolveAfter(), now);
        alerts.recordChange(alert, eventType, now);

        Set<Long> joined = new LinkedHashSet<>();
        for (Route route : routes.match(alert.labels())) {
            if (receivers.isEnabled(route.receiver())) {
                joined.add(groups.ensure(GroupRef.of(route, alert.labels()), now));
            }
        }
        for (long group : groups.firingMemberships(alert.fingerprint())) {
            if (!joined.contains(group)) {
                // its labels moved it (a new severity routes elsewhere): it resolves in the old group
                groups.setMember(group, alert.fingerprint(), false);
                deliveries.schedule(group, now);
            }
        }
        for (long group : joined) {
            groups.setMember(group, alert.fingerprint(), true);
            deliveries.schedule(group, now);
        }
    }

    /** Resolves a firing alert; a resolve for an alert that is not firing changes nothing. */
    public void resolve(String fingerprint, Instant at, String eventType, String eventId, Instant eventTime,
            Instant now) {
        Optional<Alert> previous = alerts.lock(fingerprint);
        if (previous.isEmpty() || !previous.get().firing()) {
            return;
        }
        Alert before = previous.get();
        Alert resolved = new Alert(before.fingerprint(), before.labels(), before.severity(), Alert.Status.RESOLVED,
                before.summary(), before.description(), before.runbookUrl(), before.details(), before.startsAt(),
                at, eventId, eventTime);
        alerts.save(resolved, Instant.MAX, now);
        alerts.recordChange(resolved, eventType, now);
        for (long group : groups.firingMemberships(fingerprint)) {
            groups.setMember(group, fingerprint, false);
            deliveries.schedule(group, now);
        }
        // the alerts it inhibited may speak now
        List<InhibitRule> asSource = inhibitRules.stream().filter(r -> Matcher.all(r.source(), before.labels()))
                .toList();
        if (!asSource.isEmpty()) {
            List<String> released = alerts.firingOn(before.target()).stream()
                    .filter(a -> asSource.stream().anyMatch(r -> r.inhibits(before.asFiring(), a)))
                    .map(Alert::fingerprint).toList();
            flush(groups.firingMembershipsOf(released), now);
        }
    }

    /** Schedules the groups' next flush (something that muted them ended). */
    public void flush(Collection<Long> groupIds, Instant now) {
        for (long group : groupIds) {
            deliveries.schedule(group, now);
        }
        wakeWorkerAfterCommit();
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
