package dev.dbops.common.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

public record BackupStarted(String backupId, String target, BackupReason reason, @Nullable String requestId,
        Instant startedAt) implements BackupEvent {
}
