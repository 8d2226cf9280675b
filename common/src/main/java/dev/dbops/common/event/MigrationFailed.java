package dev.dbops.common.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request that did not reach its version.
 *
 * @param cause a stable kebab-case code (lint-blocked, backup-failed, lock-timeout, unknown-version, ...)
 * @param targetState where the target is left, in words an on-call person can act on
 */
public record MigrationFailed(String requestId, String target, String cause, @Nullable String failedVersion,
        @Nullable String sqlState, String message, String targetState, List<String> appliedVersions,
        Instant failedAt) implements MigrationEvent {
}
