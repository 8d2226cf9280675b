package dev.dbops.common.event;

/** Asks the migration-service to undo applied versions down to {@code toVersion}. */
public record RollbackRequested(String requestId, String target, String toVersion, String requestedBy,
        String reason) implements MigrationEvent {
}
