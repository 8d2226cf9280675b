package dev.dbops.common.event;

import java.time.Instant;
import java.util.Map;

/** A backup proven by checksums, pg_restore --list and a restore drill. */
public record BackupVerified(String backupId, String target, int filesChecked, Map<String, Long> rowCounts,
        int smokeQueries, long drillDurationMs, Instant verifiedAt) implements BackupEvent {
}
