package dev.dbops.common.event;

import java.time.Instant;
import java.util.List;

/** @param automatic undone because the request failed, not because a RollbackRequested asked */
public record MigrationRolledBack(String requestId, String target, String fromVersion, String toVersion,
        List<String> undoneVersions, boolean automatic, long durationMs, Instant rolledBackAt)
        implements MigrationEvent {
}
