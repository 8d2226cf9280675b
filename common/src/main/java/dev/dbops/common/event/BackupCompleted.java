package dev.dbops.common.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** @param location where the backup lives in the repository (a URI) */
public record BackupCompleted(String backupId, String target, BackupReason reason, @Nullable String requestId,
        long sizeBytes, String manifestSha256, long durationMs, String location, Instant completedAt)
        implements BackupEvent {
}
