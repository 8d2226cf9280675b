package dev.dbops.common.event;

import java.time.Instant;
import java.util.Map;

/**
 * A restore done, its row counts equal to the backup's manifest.
 *
 * @param rowCounts the restored row counts of the first tables by name, at most the service's
 *     {@code dbops.backup.event-row-counts}; the backup's manifest has them all
 * @param tables how many tables were restored and counted in all
 * @param rows their rows in all
 */
public record RestoreCompleted(String requestId, String target, String backupId, String intoDatabase,
        long durationMs, Map<String, Long> rowCounts, int tables, long rows, Instant completedAt)
        implements BackupEvent {
}
