package dev.dbops.backup.engine;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.engine.TargetLock;
import dev.dbops.common.engine.TargetWorkerLoop;
import dev.dbops.common.target.TargetRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine: common's per-target worker loop running {@link BackupWork}, one target at a time across all
 * instances under a session advisory lock on the platform database, keyed by the service and the target.
 */
@Configuration(proxyBeanMethods = false)
class BackupEngine {

    static final String LOCK_NAMESPACE = "dbops.backup";

    /**
     * How long stopping waits for interrupted work to wind down: a backup or restore records its failure (an overwrite
     * restore drops its staging database first), a drill goes back to pending.
     */
    static final Duration STOP_WAIT = Duration.ofSeconds(20);

    @Bean
    TargetWorkerLoop backupWorkers(BackupWork work, DataSource platform, TargetRegistry targets,
            BackupSettings settings) {
        return TargetWorkerLoop.named("backup-worker")
                .threads(settings.workers())
                .pollInterval(settings.pollInterval())
                .stopWait(STOP_WAIT)
                .targets(targets)
                .targetsWithWork(work::targetsWithWork)
                .locking(target -> TargetLock.tryAcquire(platform::getConnection,
                        TargetLock.Key.named(LOCK_NAMESPACE, target.id())))
                .work(work)
                .build();
    }
}
