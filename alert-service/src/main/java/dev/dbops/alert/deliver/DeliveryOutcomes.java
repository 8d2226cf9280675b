package dev.dbops.alert.deliver;

import dev.dbops.alert.deliver.DeliveryWorker.Job;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.receiver.Outcome;
import dev.dbops.alert.receiver.ReceiverProperties;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.common.event.AlertDeliveryFailed;
import dev.dbops.common.event.AlertNotified;
import dev.dbops.common.outbox.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records how a delivery went, with its events, in one transaction: AlertNotified per alert when the
 * receiver accepted it; another try after a back-off while the budget lasts; else AlertDeliveryFailed
 * and the same notification for the fallback receiver.
 */
@Component
class DeliveryOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final DeliveryStore deliveries;
    private final EventPublisher events;
    private final Receivers receivers;
    private final ReceiverProperties.Delivery settings;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    DeliveryOutcomes(DeliveryStore deliveries, EventPublisher events, Receivers receivers,
            ReceiverProperties properties, JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.deliveries = deliveries;
        this.events = events;
        this.receivers = receivers;
        this.settings = properties.delivery();
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    void record(Job job, Outcome outcome, int attempts) {
        tx.executeWithoutResult(status -> {
            // Losing this commit to a database crash only means sending again, never losing a notification;
            // not waiting for the flush keeps the window in which a crash re-sends an accepted delivery short.
            jdbc.execute("SET LOCAL synchronous_commit = off");
            Instant now = clock.instant();
            UUID id = job.claim().id();
            Notification notification = job.notification();
            String type = receivers.get(job.claim().receiver()).map(r -> r.receiver().type()).orElse("unknown");
            if (outcome.accepted()) {
                if (!deliveries.delivered(job.claim(), attempts, now)) {
                    log.warn("Delivery {} was accepted by {} after its lease ran out and another sender took it over",
                            id, job.claim().receiver());
                    return;
                }
                for (Alert alert : notification.alerts()) {
                    events.publish(new AlertNotified(id.toString(), alert.target(), alert.fingerprint(),
                            job.claim().receiver(), type, alert.status().wire(), alert.severity(), attempts, now));
                }
                return;
            }
            if (outcome.retryable() && attempts < settings.maxAttempts()) {
                deliveries.retry(job.claim(), attempts, now.plus(backoff(attempts, outcome.retryAfter())),
                        outcome.toString(), now);
                return;
            }
            String reason = outcome.retryable() ? "gave up after " + attempts + " attempts: " + outcome
                    : "refused: " + outcome;
            if (!deliveries.failed(job.claim(), attempts, reason, now)) {
                return; // another sender owns it now
            }
            Optional<String> fallback = job.claim().fallbackOf() == null
                    ? receivers.fallbackFor(job.claim().receiver()) : Optional.empty();
            for (Alert alert : notification.alerts()) {
                events.publish(new AlertDeliveryFailed(id.toString(), alert.target(), alert.fingerprint(),
                        job.claim().receiver(), attempts, reason, fallback.orElse(null), now));
            }
            fallback.ifPresent(name -> {
                UUID fallbackId = UUID.randomUUID();
                Notification copy = notification.forReceiver(fallbackId.toString(), name);
                deliveries.fallback(fallbackId, job.claim().groupId(), name, Json.write(copy),
                        copy.alerts().stream().map(Alert::fingerprint).toList(), id, now);
            });
            log.warn("Delivery {} to {} failed ({}){}", id, job.claim().receiver(), reason,
                    fallback.map(f -> "; handed to fallback receiver " + f).orElse(""));
        });
    }

    /** Doubles per claim from the configured back-off, at least as long as the receiver asked for. */
    Duration backoff(int attempts, Duration retryAfter) {
        int claims = Math.max(1, attempts);
        Duration exponential = settings.backoff().multipliedBy(1L << Math.min(20, claims - 1));
        if (exponential.compareTo(settings.maxBackoff()) > 0) {
            exponential = settings.maxBackoff();
        }
        return retryAfter != null && retryAfter.compareTo(exponential) > 0 ? retryAfter : exponential;
    }
}
