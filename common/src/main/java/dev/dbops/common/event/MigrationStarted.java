package dev.dbops.common.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The target is about to change; {@code backupId} names the backup taken first, if any. */
public record MigrationStarted(String requestId, String target, @Nullable String backupId,
        @Nullable String fromVersion, @Nullable String targetVersion, List<String> versions, Instant startedAt)
        implements MigrationEvent {
}
