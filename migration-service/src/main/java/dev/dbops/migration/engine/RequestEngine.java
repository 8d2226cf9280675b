package dev.dbops.migration.engine;

import dev.dbops.common.engine.TargetLock;
import dev.dbops.common.engine.TargetWorkerLoop;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.MigrationSettings;
import dev.dbops.migration.lockprobe.ScratchDatabases;
import dev.dbops.migration.store.MigrationRequests;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker: looks for targets with open requests and works on each in its own thread, under the target's
 * advisory lock on the target itself: one migration per target at a time across every instance, requests
 * in the order received.
 */
@Configuration(proxyBeanMethods = false)
class RequestEngine {

    static final TargetLock.Key MIGRATION_LOCK = TargetLock.Key.numbered(ScratchDatabases.LOCK_CLASS, 1);

    /**
     * Stopping ends waits at once (lock back-offs) and gives a running script a moment to finish or roll back;
     * an interrupted request stays RUNNING and the next start resumes it, never undoes it.
     */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    @Bean
    TargetWorkerLoop requestWorker(MigrationRequests requests, TargetRegistry targets, MigrationSaga saga,
            MigrationSettings settings) {
        return TargetWorkerLoop.named("migration-worker")
                .threads(settings.worker().threads())
                .pollInterval(settings.worker().pollInterval())
                .stopWait(STOP_WAIT)
                .targets(targets)
                .targetsWithWork(requests::targetsWithOpenRequests)
                .locking(target -> TargetLock.tryAcquire(target::connect, MIGRATION_LOCK))
                .work((target, stopping) -> {
                    while (!stopping.getAsBoolean() && saga.advance(target)) {
                        // next stage, or the next request in line
                    }
                })
                .whenUnregistered(saga::advance) // fails the request: its target is no longer registered
                .build();
    }
}
