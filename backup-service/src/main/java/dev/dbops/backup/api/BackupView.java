package dev.dbops.backup.api;

import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupFile;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.LatestProgress;
import dev.dbops.backup.store.Verification;
import dev.dbops.backup.store.VerificationCheck;
import dev.dbops.common.event.BackupReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A catalog entry as the REST API shows it; files and row counts only in the detail view; {@code progress} is the
 * latest BackupProgress of a backup that ran longer than one progress interval. The enums appear as they always have:
 * reason as in the events ({@code pre-migration}), status and verification by name ({@code COMPLETED}), the failed
 * check as its word ({@code row-count}).
 */
record BackupView(String backupId, String target, BackupReason reason, String requestId,
        @Nullable String correlationId, BackupStatus status, Instant requestedAt, @Nullable Instant startedAt,
        @Nullable Instant completedAt, @Nullable Long durationMs, @Nullable Long sizeBytes, @Nullable String location,
        @Nullable String format, @Nullable String compression, @Nullable String serverVersion,
        @Nullable String manifestSha256, @Nullable String failureCause, Verification verification,
        @Nullable Instant verifiedAt, @Nullable VerificationCheck verificationCheck,
        @Nullable String verificationDetails, @Nullable Long drillDurationMs, @Nullable String retentionClass, @Nullable LatestProgress progress, @Nullable List<BackupFile> files,
        @Nullable Map<String, Long> rowCounts) {

    static BackupView summary(Backup b) {
        return of(b, false);
    }

    static BackupView detail(Backup b) {
        return of(b, true);
    }

    private static BackupView of(Backup b, boolean detail) {
        return new BackupView(b.backupId(), b.target(), b.reason(),
                b.requestId(), b.correlationId(), b.status(), b.requestedAt(), b.startedAt(), b.completedAt(),
                b.durationMs(), b.sizeBytes(), b.location(), b.format(), b.compression(), b.serverVersion(),
                b.manifestSha256(), b.failureCause(), b.verification(), b.verifiedAt(), b.verificationCheck(),
                b.verificationDetails(), b.drillDurationMs(), b.retentionClass(), b.progress(),
                detail ? b.files() : null, detail ? b.rowCounts() : null);
    }
}
