package dev.dbops.common.event;

/** Requests to and facts from the migration-service. */
public sealed interface MigrationEvent extends DbopsEvent
        permits MigrationRequested, RollbackRequested, MigrationPlanned, MigrationStarted,
        MigrationCompleted, MigrationFailed, MigrationRolledBack {

    /** The id of the request this event belongs to; it is also the saga's correlation id. */
    String requestId();
}
