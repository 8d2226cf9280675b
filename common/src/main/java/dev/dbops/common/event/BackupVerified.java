package dev.dbops.common.event;

import java.time.Instant;
import java.util.Map;

/**
 * A backup proven by checksums, pg_restore --list and a restore drill.
 *
 * @param rowCounts the restored row counts of the first tables by name, at most the service's
 *     {@code dbops.backup.event-row-counts}; the backup's manifest has them all
 * @param tables how many tables the drill counted in all
 * @param rows their rows in all
 */
public record BackupVerified(String backupId, String target, int filesChecked, Map<String, Long> rowCounts,
        int tables, long rows, int smokeQueries, long drillDurationMs, Instant verifiedAt) implements BackupEvent {
}
