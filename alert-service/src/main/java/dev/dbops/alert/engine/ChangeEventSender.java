package dev.dbops.alert.engine;

import dev.dbops.alert.change.ChangeEvents.Pending;
import dev.dbops.alert.change.ChangeEvents;
import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.receiver.pagerduty.PagerDutyReceiver;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due change events to PagerDuty, each locked in the transaction that records its outcome (they are
 * few: one per migration), retried with the deliveries' back-off up to their budget. A crash between
 * PagerDuty's acceptance and the commit sends one again; change events carry no dedup key.
 */
@Component
class ChangeEventSender {

    private static final Logger log = LoggerFactory.getLogger(ChangeEventSender.class);

    private final ChangeEvents changes;
    private final Receivers receivers;
    private final AlertSettings.Delivery settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    ChangeEventSender(ChangeEvents changes, Receivers receivers, AlertSettings properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.changes = changes;
        this.receivers = receivers;
        this.settings = properties.delivery();
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${dbops.alert.delivery.poll-interval:500ms}")
    void sendDue() {
        if (!settings.enabled()) {
            return;
        }
        try {
            tx.executeWithoutResult(status -> changes.due(clock.instant(), 20).forEach(this::send));
        } catch (RuntimeException e) {
            log.warn("Sending PagerDuty change events failed; next round retries: {}", e.toString());
        }
    }

    private void send(Pending change) {
        Optional<PagerDutyReceiver> receiver = receivers.get(change.receiver()).map(r -> r.receiver())
                .filter(PagerDutyReceiver.class::isInstance).map(PagerDutyReceiver.class::cast);
        int attempts = change.attempts() + 1;
        if (receiver.isEmpty()) {
            changes.failed(change.id(), attempts, "receiver " + change.receiver() + " is not an enabled PagerDuty receiver");
            return;
        }
        Outcome outcome = receiver.get().sendChange(change.body());
        Instant now = clock.instant();
        if (outcome.accepted()) {
            changes.delivered(change.id(), attempts, now);
        } else if (outcome.retryable() && attempts < settings.maxAttempts()) {
            changes.retry(change.id(), attempts, now.plus(settings.nextTry(attempts, outcome.retryAfter())),
                    outcome.toString());
        } else {
            changes.failed(change.id(), attempts, outcome.toString());
            log.warn("PagerDuty change event {} to {} failed after {} attempts: {}", change.id(), change.receiver(),
                    attempts, outcome);
        }
    }
}
