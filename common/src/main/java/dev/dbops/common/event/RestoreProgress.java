package dev.dbops.common.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far a running restore is; sent at most every {@code dbops.backup.progress.interval}, none for a restore
 * that ends within the first one.
 *
 * @param bytesDone archive bytes pg_restore has read so far (at most bytesTotal)
 * @param bytesTotal the archive's size, as the catalog has it
 * @param tablesTotal the tables this restore restores
 * @param bytesPerSecond bytesDone over the time since pg_restore started
 * @param etaSeconds from the rate and the archive bytes left; null before anything was read. Indexes and
 *     constraints are built after the last byte is read, so a restore can run on at 0
 */
public record RestoreProgress(String requestId, String target, String backupId, String intoDatabase,
        long bytesDone, long bytesTotal, int tablesTotal, long bytesPerSecond, @Nullable Long etaSeconds,
        long elapsedMs, Instant at) implements BackupEvent {
}
