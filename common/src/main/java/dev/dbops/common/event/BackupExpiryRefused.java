package dev.dbops.common.event;

import java.time.Instant;
import java.util.List;

/** Retention would have left the target without a verified backup, so it deleted nothing. */
public record BackupExpiryRefused(String target, String reason, List<String> backupIds, Instant refusedAt)
        implements BackupEvent {
}
