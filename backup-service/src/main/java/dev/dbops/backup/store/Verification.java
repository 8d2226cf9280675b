package dev.dbops.backup.store;

public enum Verification {
    /** nothing to verify: the backup did not complete */
    NONE,
    PENDING,
    RUNNING,
    VERIFIED,
    FAILED
}
