package dev.dbops.backup.verify;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.metrics.BackupMetrics;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.Backups;
import dev.dbops.common.event.BackupVerificationFailed;
import dev.dbops.common.event.BackupVerified;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Verifies one completed backup and states the outcome: BackupVerified or BackupVerificationFailed. */
@Component
public class VerificationJob {

    private static final Logger log = LoggerFactory.getLogger(VerificationJob.class);

    private final Backups backups;
    private final Verifier verifier;
    private final TargetRegistry targets;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final BackupSettings settings;
    private final BackupMetrics metrics;
    private final Clock clock;

    VerificationJob(Backups backups, Verifier verifier, TargetRegistry targets, EventPublisher events,
            TransactionTemplate tx, BackupSettings settings, BackupMetrics metrics, Clock clock) {
        this.backups = backups;
        this.verifier = verifier;
        this.targets = targets;
        this.events = events;
        this.tx = tx;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Verifies the backup; the caller holds the target's lock. */
    public void run(String backupId) throws InterruptedException {
        Backup backup = tx.execute(status -> {
            Backup b = backups.findById(backupId).orElseThrow();
            b.verificationStarted();
            return backups.save(b);
        });
        Duration late = Duration.between(backup.completedAt().plus(settings.verify().within()), clock.instant());
        if (!late.isNegative()) {
            log.warn("Backup {} of target {} is drilled {} after its verification window of {}", backupId,
                    backup.target(), late, settings.verify().within());
        }
        VerificationReport report;
        long startNanos = System.nanoTime();
        try {
            report = verifier.verify(backup, targets.require(backup.target()));
            metrics.drill(backup.target(), BackupMetrics.Outcome.VERIFIED,
                    Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (VerificationFailure failure) {
            metrics.drill(backup.target(), BackupMetrics.Outcome.VERIFICATION_FAILED,
                    Duration.ofNanos(System.nanoTime() - startNanos));
            String details = targets.redact(failure.getMessage());
            tx.executeWithoutResult(status -> {
                Backup b = backups.findById(backupId).orElseThrow();
                Instant now = clock.instant();
                b.verificationFailed(failure.check(), details, now);
                backups.save(b);
                events.publish(new BackupVerificationFailed(backupId, b.target(), failure.check().value(), details, now),
                        b.correlationId());
            });
            log.warn("Backup {} of target {} failed verification ({}): {}", backupId, backup.target(),
                    failure.check().value(), details);
            return;
        } catch (InterruptedException e) {
            tx.executeWithoutResult(status -> backups.findById(backupId).ifPresent(b -> {
                b.verificationInterrupted();
                backups.save(b);
            }));
            throw e;
        }
        tx.executeWithoutResult(status -> {
            Backup b = backups.findById(backupId).orElseThrow();
            Instant now = clock.instant();
            b.verified(report.drillDurationMs(), now);
            backups.save(b);
            RowCountSummary counts = RowCountSummary.of(report.rowCounts(), settings.eventRowCounts());
            events.publish(new BackupVerified(backupId, b.target(), report.filesChecked(), counts.shown(),
                    counts.tables(), counts.rows(), report.smokeQueries(), report.drillDurationMs(), now),
                    b.correlationId());
        });
        log.info("Backup {} of target {} verified: {} files, drill {} ms", backupId, backup.target(),
                report.filesChecked(), report.drillDurationMs());
    }
}
