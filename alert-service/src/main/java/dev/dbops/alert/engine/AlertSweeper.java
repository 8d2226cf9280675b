package dev.dbops.alert.engine;

import dev.dbops.alert.group.Groups;
import dev.dbops.alert.inhibit.MigrationWindows;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.alert.model.Matcher;
import dev.dbops.alert.silence.Silence;
import dev.dbops.alert.silence.Silences;
import dev.dbops.alert.store.AlertStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What time ends: a migration window's hold, a silence, an alert whose source never resolves it.
 * Each is taken with SKIP LOCKED, so one instance acts on it, and its groups are flushed so that
 * what is still firing is told.
 */
@Component
class AlertSweeper {

    private static final Logger log = LoggerFactory.getLogger(AlertSweeper.class);

    private final MigrationWindows windows;
    private final Silences silences;
    private final AlertStore alerts;
    private final Groups groups;
    private final AlertIntake intake;
    private final TransactionTemplate tx;
    private final Clock clock;

    AlertSweeper(MigrationWindows windows, Silences silences, AlertStore alerts, Groups groups, AlertIntake intake,
            PlatformTransactionManager transactions, Clock clock) {
        this.windows = windows;
        this.silences = silences;
        this.alerts = alerts;
        this.groups = groups;
        this.intake = intake;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${dbops.alert.delivery.sweep-interval:2s}")
    void sweep() {
        try {
            tx.executeWithoutResult(status -> sweep(clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Alert sweep failed; next round retries: {}", e.toString());
        }
    }

    void sweep(Instant now) {
        for (String target : windows.takeEnded(now)) {
            log.info("Migration window on {} ended; releasing the alerts it held", target);
            intake.flush(groups.withFiringMembersOn(target), now);
        }
        List<Silence> ended = silences.takeEnded(now);
        if (!ended.isEmpty()) {
            List<String> unmuted = alerts.firing().stream()
                    .filter(a -> ended.stream().anyMatch(s -> Matcher.all(s.matchers(), a.labels())))
                    .map(Alert::fingerprint).toList();
            intake.flush(groups.firingMembershipsOf(unmuted), now);
        }
        List<String> timedOut = alerts.dueForTimeout(now, 500);
        if (!timedOut.isEmpty()) {
            intake.apply(timedOut.stream().map(fingerprint -> new AlertIntake.Step(new AlertChange.Resolve(fingerprint,
                    now), "resolve-timeout", "resolve-timeout", now)).toList(), now);
        }
    }
}
