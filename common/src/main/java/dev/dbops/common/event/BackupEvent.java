package dev.dbops.common.event;

/** Requests to and facts from the backup-service. */
public sealed interface BackupEvent extends DbopsEvent
        permits BackupRequested, RestoreRequested, BackupStarted, BackupCompleted, BackupFailed,
        BackupProgress, BackupVerified, BackupVerificationFailed, BackupExpired, BackupExpiryRefused,
        RestoreProgress, RestoreCompleted, RestoreFailed {
}
