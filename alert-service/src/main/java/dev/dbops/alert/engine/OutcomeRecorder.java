package dev.dbops.alert.engine;

import dev.dbops.alert.engine.DeliveryOutcomes.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one receiver's delivery outcomes as they arrive, on its own thread: each commit takes every
 * outcome that came during the one before (group commit, never waiting to fill a batch), so a crash
 * re-sends only the deliveries whose outcome had not been committed yet.
 */
final class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final String receiver;
    private final DeliveryOutcomes outcomes;
    private final Duration pollInterval;
    private final BlockingQueue<Result> results = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean sendersDone;

    OutcomeRecorder(String receiver, DeliveryOutcomes outcomes, Duration pollInterval) {
        this.receiver = receiver;
        this.outcomes = outcomes;
        this.pollInterval = pollInterval;
        this.thread = new Thread(this::run, "record-" + receiver);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void add(Result result) {
        results.add(result);
    }

    /** Once the senders are done: records what still waits, then ends. */
    void finish(Duration timeout) throws InterruptedException {
        sendersDone = true;
        thread.join(timeout.toMillis());
    }

    private void run() {
        List<Result> batch = new ArrayList<>();
        while (!sendersDone || !results.isEmpty()) {
            try {
                Result first = results.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                results.drainTo(batch);
                long start = System.nanoTime();
                commit(batch);
                if (log.isDebugEnabled()) {
                    log.debug("Recorded {} outcomes of {} in {} ms", batch.size(), receiver,
                            (System.nanoTime() - start) / 1_000_000);
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The outcomes are known: retry the commit a few times rather than let their leases re-send them. */
    private void commit(List<Result> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                outcomes.record(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    log.warn("Could not record {} outcomes of {}; their leases hand them to the next sender: {}",
                            batch.size(), receiver, e.toString());
                    return;
                }
                Thread.sleep(pollInterval.toMillis() * attempt);
            }
        }
    }
}
