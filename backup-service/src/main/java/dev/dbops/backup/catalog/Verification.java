package dev.dbops.backup.catalog;

public enum Verification {
    /** nothing to verify: the backup did not complete */
    NONE,
    PENDING,
    RUNNING,
    VERIFIED,
    FAILED
}
