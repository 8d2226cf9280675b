package dev.dbops.common.event;

import org.jspecify.annotations.Nullable;

/** Asks the backup-service for a backup of a target; the saga's correlation id travels in ce_correlationid. */
public record BackupRequested(String requestId, String target, BackupReason reason, @Nullable String requestedBy)
        implements BackupEvent {
}
