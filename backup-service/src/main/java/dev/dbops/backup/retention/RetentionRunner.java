package dev.dbops.backup.retention;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.repository.BackupRepository;
import dev.dbops.backup.restore.RestoreJobs;
import dev.dbops.backup.restore.RestoreStatus;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Backups;
import dev.dbops.common.event.BackupExpired;
import dev.dbops.common.event.BackupExpiryRefused;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.outbox.EventPublisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies {@link GfsPolicy} to one target: records each kept backup's retention class, deletes each
 * expired backup's files and then its catalog entry with a BackupExpired (files first, so a crash in
 * between leaves an entry the next run expires again, never a catalog entry without its proof
 * deleted quietly), or states a refusal once per distinct set of backups it would have deleted.
 */
@Component
public class RetentionRunner {

    private static final Logger log = LoggerFactory.getLogger(RetentionRunner.class);

    private final Backups backups;
    private final RestoreJobs restores;
    private final BackupRepository repository;
    private final EventPublisher events;
    private final TransactionTemplate tx;
    private final BackupSettings settings;
    private final Clock clock;
    private final Map<String, List<String>> lastRefused = new ConcurrentHashMap<>();

    RetentionRunner(Backups backups, RestoreJobs restores, BackupRepository repository, EventPublisher events,
            TransactionTemplate tx, BackupSettings settings, Clock clock) {
        this.backups = backups;
        this.restores = restores;
        this.repository = repository;
        this.events = events;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs retention for the target; the caller holds the target's lock. */
    public RetentionDecision run(String target) throws IOException {
        List<Backup> catalog = backups.findByTargetOrderByRequestedAtDesc(target).stream()
                .filter(b -> b.status() != BackupStatus.FAILED)
                .toList();
        Set<String> inUse = restores.findByTargetAndStatusInOrderByRequestedAt(target,
                        EnumSet.of(RestoreStatus.QUEUED, RestoreStatus.RUNNING)).stream()
                .map(r -> r.backupId())
                .collect(Collectors.toSet());
        List<Candidate> candidates = catalog.stream().map(b -> candidate(b, inUse.contains(b.backupId()))).toList();
        BackupSettings.Retention r = settings.retentionOf(target);
        RetentionDecision decision = GfsPolicy.decide(candidates,
                new RetentionPolicy(r.hourly(), r.daily(), r.weekly(), r.monthly(), r.zone(), r.preMigration()),
                clock.instant());

        tx.executeWithoutResult(status -> {
            int forgotten = backups.deleteFailedBefore(target, clock.instant().minus(r.failedHistory()));
            if (forgotten > 0) {
                log.info("Forgot {} failed backup(s) of target {} older than {}", forgotten, target, r.failedHistory());
            }
        });
        tx.executeWithoutResult(status -> catalog.forEach(b -> {
            Set<KeepReason> reasons = decision.kept().get(b.backupId());
            String retentionClass = reasons == null ? null : GfsPolicy.retentionClass(reasons);
            if (!Objects.equals(retentionClass, b.retentionClass())) {
                backups.updateRetentionClass(b.backupId(), retentionClass);
            }
        }));
        if (decision.isRefused()) {
            refuse(target, decision);
            return decision;
        }
        lastRefused.remove(target);
        for (String backupId : decision.expired()) {
            expire(target, backupId);
        }
        return decision;
    }

    private void expire(String target, String backupId) throws IOException {
        repository.discard(target, backupId);
        tx.executeWithoutResult(status -> backups.findById(backupId).ifPresent(b -> {
            Instant now = clock.instant();
            backups.delete(b);
            events.publish(new BackupExpired(backupId, target, b.completedAt(), now), b.correlationId());
        }));
        log.info("Backup {} of target {} expired", backupId, target);
    }

    private void refuse(String target, RetentionDecision decision) {
        List<String> refused = new ArrayList<>(decision.refused());
        if (refused.equals(lastRefused.get(target))) {
            return;
        }
        tx.executeWithoutResult(status -> events.publish(
                new BackupExpiryRefused(target, decision.refusal(), refused, clock.instant())));
        lastRefused.put(target, refused);
        log.warn("Retention of target {} refused to expire {}: {}", target, refused, decision.refusal());
    }

    static Candidate candidate(Backup b, boolean inUse) {
        Candidate.State state = switch (b.status()) {
            case QUEUED, RUNNING -> Candidate.State.IN_PROGRESS;
            case COMPLETED -> switch (b.verification()) {
                case VERIFIED -> Candidate.State.VERIFIED;
                case FAILED -> Candidate.State.VERIFICATION_FAILED;
                default -> Candidate.State.PENDING_VERIFICATION;
            };
            case FAILED -> throw new IllegalArgumentException("a failed backup is no retention candidate");
        };
        return new Candidate(b.backupId(), state == Candidate.State.IN_PROGRESS ? null : b.completedAt(), state,
                inUse, b.reason() == BackupReason.PRE_MIGRATION);
    }
}
