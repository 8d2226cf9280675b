package dev.dbops.common.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** @param backupId absent when the backup failed before it was catalogued */
public record BackupFailed(@Nullable String backupId, String target, BackupReason reason,
        @Nullable String requestId, String cause, Instant failedAt) implements BackupEvent {
}
