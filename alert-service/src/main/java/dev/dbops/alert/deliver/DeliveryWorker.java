package dev.dbops.alert.deliver;

import dev.dbops.alert.deliver.DeliveryStore.Claim;
import dev.dbops.alert.model.Json;
import dev.dbops.alert.receiver.Outcome;
import dev.dbops.alert.receiver.ReceiverProperties;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.receiver.ResilientReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries: per receiver a few threads each claim a batch (SKIP LOCKED, with a lease),
 * render what is new, send it through the receiver's Resilience4j guards and record the outcome.
 * An accepted delivery is marked delivered at once and never sent again; one that fails goes back
 * with a back-off until its retry budget is spent, then fails over to the fallback receiver.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    /** A claimed delivery ready to send. */
    record Job(Claim claim, Notification notification, String json) {
    }

    private final DeliveryStore deliveries;
    private final NotificationRenderer renderer;
    private final DeliveryOutcomes outcomes;
    private final Receivers receivers;
    private final ReceiverProperties.Delivery settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Semaphore> wakeUps = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public DeliveryWorker(DeliveryStore deliveries, NotificationRenderer renderer, DeliveryOutcomes outcomes,
            Receivers receivers, ReceiverProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.deliveries = deliveries;
        this.renderer = renderer;
        this.outcomes = outcomes;
        this.receivers = receivers;
        this.settings = properties.delivery();
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** New work may be due: a committed event, a released hold. */
    public void wakeUp() {
        wakeUps.values().forEach(Semaphore::release);
    }

    @Override
    public void start() {
        running = true;
        if (!settings.enabled()) {
            log.info("Delivery is disabled on this instance (dbops.alert.delivery.enabled=false)");
            return;
        }
        for (ResilientReceiver receiver : receivers.all()) {
            String name = receiver.receiver().name();
            int count = Math.max(1, receivers.configs().get(name).threads());
            for (int i = 0; i < count; i++) {
                Semaphore wakeUp = new Semaphore(0);
                wakeUps.put(name + "#" + i, wakeUp);
                Thread thread = new Thread(() -> run(receiver, wakeUp), "deliver-" + name + "-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        wakeUps.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run(ResilientReceiver receiver, Semaphore wakeUp) {
        while (running) {
            try {
                List<Job> jobs = claim(receiver);
                for (Job job : jobs) {
                    if (!running) {
                        break; // the lease hands unsent claims to the next instance or restart
                    }
                    send(receiver, job);
                }
                if (jobs.isEmpty() && wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Delivery worker for {} failed; retrying: {}", receiver.receiver().name(), e.toString());
                sleep(settings.pollInterval());
            }
        }
    }

    private List<Job> claim(ResilientReceiver receiver) {
        List<Job> jobs = tx.execute(status -> {
            Instant now = clock.instant();
            List<Claim> claims = deliveries.claim(receiver.receiver().name(), now, settings.lease(),
                    settings.batchSize());
            if (claims.isEmpty()) {
                return List.<Job>of();
            }
            NotificationRenderer.Mutes mutes = renderer.mutes(now);
            List<Job> ready = new ArrayList<>();
            for (Claim claim : claims) {
                if (claim.notification() != null) {
                    ready.add(new Job(claim, Json.read(claim.notification(), Notification.class),
                            claim.notification()));
                    continue;
                }
                Optional<Notification> rendered = renderer.render(claim, receiver.receiver().sendsResolved(), mutes,
                        now);
                if (rendered.isEmpty()) {
                    deliveries.skipped(claim.id(), now);
                    continue;
                }
                String json = Json.write(rendered.get());
                deliveries.rendered(claim.id(), json,
                        rendered.get().alerts().stream().map(a -> a.fingerprint()).toList());
                ready.add(new Job(claim, rendered.get(), json));
            }
            return ready;
        });
        return jobs == null ? List.of() : jobs;
    }

    private void send(ResilientReceiver receiver, Job job) {
        if (!deliveries.renew(job.claim(), clock.instant(), settings.lease())) {
            log.warn("Delivery {} to {}: lease ran out before its turn; its new owner sends it", job.claim().id(),
                    receiver.receiver().name());
            return;
        }
        ResilientReceiver.Attempts attempts = receiver.send(job.notification());
        int total = job.claim().attempts() + Math.max(1, attempts.calls());
        Outcome outcome = attempts.outcome();
        outcomes.record(job, outcome, total);
        if (!outcome.accepted()) {
            log.warn("Delivery {} to {} attempt {}: {}", job.claim().id(), receiver.receiver().name(), total,
                    outcome);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getPhase() {
        // stop before the outbox relay and the data source
        return Integer.MAX_VALUE - 100;
    }
}
