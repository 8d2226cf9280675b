package dev.dbops.common.event;

import java.time.Instant;

public record RestoreFailed(String requestId, String target, String backupId, String intoDatabase, String cause,
        Instant failedAt) implements BackupEvent {
}
