package dev.dbops.common.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

public record MigrationCompleted(String requestId, String target, List<AppliedStep> applied,
        @Nullable String currentVersion, long durationMs, Instant completedAt) implements MigrationEvent {

    /** @param lockRetries how often the step's lock_timeout fired before it got its locks */
    public record AppliedStep(String version, String description, long durationMs, int lockRetries) {
    }
}
