package dev.dbops.backup.restore;

public enum RestoreStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED
}
