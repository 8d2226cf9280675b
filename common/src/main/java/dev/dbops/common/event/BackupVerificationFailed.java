package dev.dbops.common.event;

import java.time.Instant;

/** @param check the check that failed: checksum, list, drill, row-count or smoke-query */
public record BackupVerificationFailed(String backupId, String target, String check, String details,
        Instant failedAt) implements BackupEvent {
}
