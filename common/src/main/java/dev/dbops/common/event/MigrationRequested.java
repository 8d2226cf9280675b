package dev.dbops.common.event;

import org.jspecify.annotations.Nullable;

/**
 * Asks the migration-service to bring a target to a version of its bound migration project.
 *
 * @param targetVersion the version to reach; the project's latest when absent
 * @param dryRun plan only: answer with MigrationPlanned and change nothing
 * @param backupFirst take a backup first; the target's policy decides when absent
 * @param overrideFindings run even though blocking lint findings were found
 */
public record MigrationRequested(String requestId, String target, @Nullable String targetVersion,
        boolean dryRun, @Nullable Boolean backupFirst, String requestedBy, String reason,
        boolean overrideFindings) implements MigrationEvent {
}
