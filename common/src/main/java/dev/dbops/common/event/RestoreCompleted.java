package dev.dbops.common.event;

import java.time.Instant;
import java.util.Map;

public record RestoreCompleted(String requestId, String target, String backupId, String intoDatabase,
        long durationMs, Map<String, Long> rowCounts, Instant completedAt) implements BackupEvent {
}
