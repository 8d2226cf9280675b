package dev.dbops.common.event;

import java.time.Instant;

public record BackupExpired(String backupId, String target, Instant backupCompletedAt, Instant expiredAt)
        implements BackupEvent {
}
