package dev.dbops.alert.engine;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.engine.DeliveryWorker.Job;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.store.DeliveryStore;
import dev.dbops.common.event.AlertDeliveryFailed;
import dev.dbops.common.event.AlertNotified;
import dev.dbops.common.outbox.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records how deliveries went, with their events, in one transaction: AlertNotified per alert when the
 * receiver accepted one; another try after a back-off while the budget lasts; else AlertDeliveryFailed
 * and the same notification for the fallback receiver.
 */
@Component
class DeliveryOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final DeliveryStore deliveries;
    private final EventPublisher events;
    private final Receivers receivers;
    private final AlertSettings.Delivery settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    DeliveryOutcomes(DeliveryStore deliveries, EventPublisher events, Receivers receivers,
            AlertSettings properties, PlatformTransactionManager transactions, Clock clock,
            DeliveryMetrics metrics) {
        this.deliveries = deliveries;
        this.events = events;
        this.receivers = receivers;
        this.settings = properties.delivery();
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** How one delivery's send went: the last outcome, the attempts spent on it in all, when it was answered. */
    record Result(Job job, Outcome outcome, int attempts, Instant answeredAt) {
    }

    /** What a commit recorded for one result: delivered, retry or failed. */
    private record Recorded(Result result, String outcome) {
    }

    /**
     * Records the outcomes of sends that completed since the last commit, in one transaction: the
     * accepted ones (nearly all) with one statement for the deliveries and one for their events.
     */
    void record(List<Result> results) {
        List<Recorded> recorded = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            deliveries.commitWithoutFlushWait();
            Instant now = clock.instant();
            List<Result> accepted = results.stream().filter(r -> r.outcome().accepted()).toList();
            int[] delivered = deliveries.delivered(accepted.stream().map(r -> new DeliveryStore.Delivered(
                    r.job().claim(), r.attempts())).toList(), now);
            List<AlertNotified> notified = new ArrayList<>();
            for (int i = 0; i < accepted.size(); i++) {
                Job job = accepted.get(i).job();
                if (delivered[i] != 1) {
                    log.warn("Delivery {} was accepted by {} after its lease ran out and another sender took it over",
                            job.claim().id(), job.claim().receiver());
                    continue;
                }
                recorded.add(new Recorded(accepted.get(i), "delivered"));
                String type = typeOf(job);
                for (Alert alert : job.notification().alerts()) {
                    notified.add(new AlertNotified(job.claim().id().toString(), alert.target(), alert.fingerprint(),
                            job.claim().receiver(), type, alert.status().wire(), alert.severity(),
                            accepted.get(i).attempts(), now));
                }
            }
            if (!notified.isEmpty()) {
                events.publishAll(notified, null);
            }
            results.stream().filter(r -> !r.outcome().accepted())
                    .forEach(r -> notAccepted(r, now).ifPresent(outcome -> recorded.add(new Recorded(r, outcome))));
        });
        // counted once committed: a failed commit is tried again with the same results
        for (Recorded r : recorded) {
            String receiver = r.result().job().claim().receiver();
            metrics.recorded(receiver, r.outcome());
            if (r.outcome().equals("delivered")) {
                metrics.accepted(receiver, Duration.between(r.result().job().claim().dueAt(), r.result().answeredAt()));
            }
        }
    }

    private String typeOf(Job job) {
        return receivers.get(job.claim().receiver()).map(r -> r.receiver().type()).orElse("unknown");
    }

    /**
     * Another try after a back-off while the budget lasts; else failed, and the fallback receiver takes it.
     * Returns what it recorded, nothing when another sender owns the delivery now.
     */
    private Optional<String> notAccepted(Result result, Instant now) {
        Job job = result.job();
        Outcome outcome = result.outcome();
        int attempts = result.attempts();
        UUID id = job.claim().id();
        Notification notification = job.notification();
        if (outcome.retryable() && attempts < settings.maxAttempts()) {
            return deliveries.retry(job.claim(), attempts, now.plus(settings.nextTry(attempts, outcome.retryAfter())),
                    outcome.toString(), now) ? Optional.of("retry") : Optional.empty();
        }
        String reason = outcome.retryable() ? "gave up after " + attempts + " attempts: " + outcome
                : "refused: " + outcome;
        if (!deliveries.failed(job.claim(), attempts, reason, now)) {
            return Optional.empty(); // another sender owns it now
        }
        Optional<String> fallback = job.claim().fallbackOf() == null
                ? receivers.fallbackFor(job.claim().receiver()) : Optional.empty();
        events.publishAll(notification.alerts().stream().map(alert -> new AlertDeliveryFailed(id.toString(),
                alert.target(), alert.fingerprint(), job.claim().receiver(), attempts, reason,
                fallback.orElse(null), now)).toList(), null);
        fallback.ifPresent(name -> {
            UUID fallbackId = UUID.randomUUID();
            Notification copy = notification.forReceiver(fallbackId.toString(), name);
            deliveries.fallback(fallbackId, job.claim().groupId(), name, Json.write(copy),
                    copy.alerts().stream().map(Alert::fingerprint).toList(), id, now);
        });
        log.warn("Delivery {} to {} failed ({}){}", id, job.claim().receiver(), reason,
                fallback.map(f -> "; handed to fallback receiver " + f).orElse(""));
        return Optional.of("failed");
    }
}
