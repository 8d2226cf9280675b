package dev.dbops.alert.engine;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.deliver.NotificationRenderer;
import dev.dbops.alert.engine.DeliveryOutcomes.Result;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.receiver.ResilientReceiver;
import dev.dbops.alert.store.DeliveryStore.Claim;
import dev.dbops.alert.store.DeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries. Per receiver, a dispatcher claims a batch (SKIP LOCKED, with a lease) and renders
 * it in one transaction whenever fewer than a batch wait for its senders; the receiver's sender threads
 * each send one delivery through the receiver's Resilience4j guards; an {@link OutcomeRecorder} commits
 * the outcomes as they come.
 * An accepted delivery is marked delivered at once and never sent again; one that fails goes back with a
 * back-off until its retry budget is spent, then fails over to the fallback receiver.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    /** A claimed delivery ready to send. */
    record Job(Claim claim, Notification notification, Instant claimedAt) {
    }

    private final DeliveryStore deliveries;
    private final NotificationRenderer renderer;
    private final DeliveryOutcomes outcomes;
    private final Receivers receivers;
    private final AlertSettings.Delivery settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile boolean running;

    public DeliveryWorker(DeliveryStore deliveries, NotificationRenderer renderer, DeliveryOutcomes outcomes,
            Receivers receivers, AlertSettings properties, PlatformTransactionManager transactions, Clock clock) {
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
        lanes.values().forEach(lane -> lane.wakeUp.release());
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
            Lane lane = new Lane(receiver, Math.max(1, receivers.configs().get(name).threads()));
            lanes.put(name, lane);
            lane.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        lanes.values().forEach(Lane::stop);
        lanes.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop before the outbox relay and the data source
        return Integer.MAX_VALUE - 100;
    }

    /** One receiver's dispatcher, senders and their outcome recorder. */
    private final class Lane {

        private final ResilientReceiver receiver;
        private final Semaphore wakeUp = new Semaphore(0);
        private final AtomicInteger waiting = new AtomicInteger();
        private final Queue<Claim> unsent = new ConcurrentLinkedQueue<>();
        private final ExecutorService senders;
        private final Thread dispatcher;
        private final OutcomeRecorder recorder;

        Lane(ResilientReceiver receiver, int threads) {
            this.receiver = receiver;
            String name = receiver.receiver().name();
            AtomicInteger count = new AtomicInteger();
            this.senders = Executors.newFixedThreadPool(threads, r -> {
                Thread thread = new Thread(r, "deliver-" + name + "-" + count.getAndIncrement());
                thread.setDaemon(true);
                return thread;
            });
            this.dispatcher = new Thread(this::dispatch, "dispatch-" + name);
            this.dispatcher.setDaemon(true);
            this.recorder = new OutcomeRecorder(name, outcomes, settings.pollInterval());
        }

        void start() {
            dispatcher.start();
            recorder.start();
        }

        private void dispatch() {
            while (running) {
                try {
                    // keep about one batch waiting for the senders, so they never wait for a claim, while
                    // claimed deliveries wait no longer than a batch takes to send
                    if (waiting.get() < settings.batchSize()) {
                        Claimed claimed = claim(receiver);
                        for (Job job : claimed.jobs()) {
                            waiting.incrementAndGet();
                            senders.execute(() -> send(job));
                        }
                        if (claimed.count() == settings.batchSize()) {
                            continue; // more may be due, also after a batch with nothing new to say
                        }
                        // a smaller batch took all that was due; what became due since woke us (an
                        // intake's commit) or comes with the next poll (timers, leases, back-offs)
                    }
                    if (wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                        wakeUp.drainPermits();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("Delivery dispatcher for {} failed; retrying: {}", receiver.receiver().name(),
                            e.toString());
                    sleep(settings.pollInterval());
                }
            }
        }

        private void send(Job job) {
            // the dispatcher only stops claiming while a whole batch waits: wake it when that ends, not
            // after every send (each wake costs a claim transaction)
            if (waiting.decrementAndGet() == settings.batchSize() - 1) {
                wakeUp.release();
            }
            if (!running) {
                unsent.add(job.claim());
                return;
            }
            try {
                Result result = DeliveryWorker.this.send(receiver, job);
                if (result != null) {
                    recorder.add(result);
                }
            } catch (RuntimeException e) {
                // the claim's lease hands it to the next sender
                log.warn("Delivery {} to {} could not be completed: {}", job.claim().id(),
                        receiver.receiver().name(), e.toString());
            }
        }

        void stop() {
            wakeUp.release();
            try {
                dispatcher.join(Duration.ofSeconds(15).toMillis());
                senders.shutdown();
                senders.awaitTermination(15, TimeUnit.SECONDS);
                recorder.finish(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!unsent.isEmpty()) {
                try {
                    deliveries.release(new ArrayList<>(unsent), clock.instant());
                } catch (RuntimeException e) {
                    log.warn("Could not hand {} unsent deliveries back; their lease does: {}", unsent.size(),
                            e.toString());
                }
            }
        }
    }

    /** A claimed batch: how many deliveries it took, and those with something to send. */
    private record Claimed(int count, List<Job> jobs) {
    }

    private Claimed claim(ResilientReceiver receiver) {
        long start = System.nanoTime();
        Claimed claimed = tx.execute(status -> {
            Instant now = clock.instant();
            List<Claim> claims = deliveries.claim(receiver.receiver().name(), now, settings.batchSize());
            if (claims.isEmpty()) {
                return new Claimed(0, List.of());
            }
            deliveries.commitWithoutFlushWait();
            Map<UUID, Notification> ready = renderer.render(claims, receiver.receiver().sendsResolved(),
                    now, settings.lease());
            return new Claimed(claims.size(), claims.stream().filter(c -> ready.containsKey(c.id()))
                    .map(c -> new Job(c, ready.get(c.id()), now)).toList());
        });
        if (claimed != null && claimed.count() > 0 && log.isDebugEnabled()) {
            log.debug("Claimed {} deliveries to {} in {} ms, {} with something new to say", claimed.count(),
                    receiver.receiver().name(), (System.nanoTime() - start) / 1_000_000, claimed.jobs().size());
        }
        return claimed == null ? new Claimed(0, List.of()) : claimed;
    }

    /** Sends one delivery; null when its claim may have been taken over and it was not sent. */
    private @Nullable Result send(ResilientReceiver receiver, Job job) {
        Instant now = clock.instant();
        // a claim younger than half its lease cannot have been taken over; renewing it would cost a commit
        if (Duration.between(job.claimedAt(), now).compareTo(settings.lease().dividedBy(2)) > 0
                && !deliveries.renew(job.claim(), now, settings.lease())) {
            log.warn("Delivery {} to {}: lease ran out before its turn; its new owner sends it", job.claim().id(),
                    receiver.receiver().name());
            return null;
        }
        ResilientReceiver.Attempts attempts = receiver.send(job.notification());
        // only calls that reached the receiver spend the budget: a try held back by an open circuit or the
        // rate limiter waits the receiver out, it never turns into a failed delivery
        int total = job.claim().attempts() + attempts.calls();
        Outcome outcome = attempts.outcome();
        if (!outcome.accepted()) {
            log.warn("Delivery {} to {} attempt {}: {}", job.claim().id(), receiver.receiver().name(), total,
                    outcome);
        }
        return new Result(job, outcome, total, clock.instant());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
