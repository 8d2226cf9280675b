package dev.dbops.backup.store;

public enum BackupStatus {
    /** asked for, waiting for its target to be free */
    QUEUED,
    /** pg_dump running; a crash leaves it here until recovery marks it failed */
    RUNNING,
    COMPLETED,
    FAILED
}
