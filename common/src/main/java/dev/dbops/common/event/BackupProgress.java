package dev.dbops.common.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far a running backup is; sent at most every {@code dbops.backup.progress.interval}, none for a backup
 * that ends within the first one.
 *
 * @param bytesDone pg_dump's output so far (compressed, as it lands in the repository)
 * @param bytesRead what pg_dump has read from the server so far; null where the operating system does not say
 * @param databaseBytes an estimate of what pg_dump will read: pg_database_size when the backup started, which
 *     counts indexes and free space that a dump does not hold, so the estimate is high
 * @param bytesPerSecond bytesDone over the time since pg_dump started
 * @param etaSeconds from bytesRead against databaseBytes; null when either is unknown or the estimate is passed
 */
public record BackupProgress(String backupId, String target, @Nullable String requestId, long bytesDone,
        @Nullable Long bytesRead, @Nullable Long databaseBytes, long bytesPerSecond, @Nullable Long etaSeconds,
        long elapsedMs, Instant at) implements BackupEvent {
}
