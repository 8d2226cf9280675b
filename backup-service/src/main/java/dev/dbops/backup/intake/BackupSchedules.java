package dev.dbops.backup.intake;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Queues a scheduled backup each time a target's cron expression fires. The request id is derived from
 * the target and the fire time, so several instances firing the same schedule queue one backup.
 */
@Component
class BackupSchedules {

    private static final Logger log = LoggerFactory.getLogger(BackupSchedules.class);

    private final Map<String, Schedule> schedules;
    private final BackupRequests requests;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Map<String, Instant> nextFire = new ConcurrentHashMap<>();

    record Schedule(String target, CronExpression cron, java.time.ZoneId zone) {
    }

    BackupSchedules(BackupSettings settings, TargetRegistry targets, BackupRequests requests, TransactionOperations tx,
            Clock clock) {
        this.requests = requests;
        this.tx = tx;
        this.clock = clock;
        List<String> problems = new ArrayList<>();
        Map<String, Schedule> parsed = new ConcurrentHashMap<>();
        settings.targets().forEach((target, s) -> {
            if (s.schedule() == null || s.schedule().isBlank()) {
                return;
            }
            if (targets.find(target).isEmpty()) {
                problems.add("dbops.backup.targets." + target + ": no target '" + target + "' in dbops.targets");
            }
            try {
                parsed.put(target, new Schedule(target, CronExpression.parse(s.schedule()), s.zone()));
            } catch (IllegalArgumentException e) {
                problems.add("dbops.backup.targets." + target + ".schedule: " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid backup schedules: " + String.join("; ", problems));
        }
        this.schedules = parsed;
    }

    @Scheduled(fixedDelayString = "${dbops.backup.schedule-check-interval:5s}")
    void fireDue() {
        Instant now = clock.instant();
        schedules.values().forEach(s -> {
            Instant next = nextFire.computeIfAbsent(s.target(), t -> next(s, now));
            if (next != null && !next.isAfter(now)) {
                String requestId = "scheduled-" + s.target() + "-" + next.getEpochSecond();
                tx.executeWithoutResult(status -> requests.backup(
                        new BackupRequested(requestId, s.target(), BackupReason.SCHEDULED, "schedule"), requestId));
                log.info("Scheduled backup of target {} queued ({})", s.target(), requestId);
                nextFire.put(s.target(), next(s, now));
            }
        });
    }

    static Instant next(Schedule s, Instant after) {
        ZonedDateTime next = s.cron().next(ZonedDateTime.ofInstant(after, s.zone()));
        return next == null ? null : next.toInstant();
    }
}
