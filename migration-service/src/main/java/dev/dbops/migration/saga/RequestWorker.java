package dev.dbops.migration.saga;

import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.MigrationSettings;
import dev.dbops.migration.execute.TargetLock;
import dev.dbops.migration.intake.MigrationRequests;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks for targets with open requests and works on each in its own thread, under the target's advisory
 * lock: one migration per target at a time across every instance, requests in the order received.
 */
@Component
class RequestWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RequestWorker.class);

    private final MigrationRequests requests;
    private final TargetRegistry targets;
    private final MigrationSaga saga;
    private final ExecutorService pool;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    RequestWorker(MigrationRequests requests, TargetRegistry targets, MigrationSaga saga, MigrationSettings settings) {
        this.requests = requests;
        this.targets = targets;
        this.saga = saga;
        this.pool = Executors.newFixedThreadPool(settings.worker().threads());
    }

    @Scheduled(fixedDelayString = "${dbops.migration.worker.poll-interval:500ms}")
    void poll() {
        for (String target : requests.targetsWithOpenRequests()) {
            if (busy.add(target)) {
                pool.execute(() -> {
                    try {
                        work(target);
                    } finally {
                        busy.remove(target);
                    }
                });
            }
        }
    }

    private void work(String targetId) {
        var target = targets.find(targetId);
        if (target.isEmpty()) {
            saga.advance(targetId); // fails the request: its target is no longer registered
            return;
        }
        try {
            Optional<TargetLock> lock = TargetLock.tryAcquire(target.get());
            if (lock.isEmpty()) {
                log.debug("Target {} is being migrated by another instance; its requests wait", targetId);
                return;
            }
            try (TargetLock held = lock.get()) {
                while (saga.advance(targetId)) {
                    // next stage, or the next request in line
                }
            }
        } catch (Exception e) {
            log.warn("Cannot work on target {} now: {}", targetId, e.getMessage());
        }
    }

    /**
     * Stops waiting (lock back-offs end at once) and gives a running script a moment to finish or roll back;
     * an interrupted request stays RUNNING and the next start resumes it, never undoes it.
     */
    @Override
    public void destroy() throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("A migration was still running at shutdown; the next start resumes its request");
        }
    }
}
