package dev.dbops.backup.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface Backups extends JpaRepository<Backup, String> {

    Optional<Backup> findByRequestId(String requestId);

    List<Backup> findByTargetOrderByRequestedAtDesc(String target);

    List<Backup> findByStatusOrderByRequestedAt(BackupStatus status);

    List<Backup> findByTargetAndStatusInOrderByRequestedAt(String target, Collection<BackupStatus> statuses);

    List<Backup> findByTargetAndStatusAndVerificationOrderByCompletedAt(String target, BackupStatus status,
            Verification verification);

    List<Backup> findByTargetAndVerification(String target, Verification verification);

    List<Backup> findByStatusAndVerificationOrderByCompletedAt(BackupStatus status, Verification verification);

    /** Forgets failed backups that failed before {@code before}; their files were removed when they failed. */
    @Modifying
    @Query("delete from Backup b where b.target = :target and b.status = dev.dbops.backup.store.BackupStatus.FAILED"
            + " and b.completedAt < :before")
    int deleteFailedBefore(String target, Instant before);

    /**
     * Records the retention class alone, so that retention never writes back a verification state it
     * read before a concurrent re-verify request; the class is advisory and recomputed every run.
     */
    @Modifying
    @Query("update Backup b set b.retentionClass = :retentionClass where b.backupId = :backupId")
    int updateRetentionClass(String backupId, @Nullable String retentionClass);

    /** The latest progress of a running backup, alone: the work's own saves never race with it. */
    @Modifying
    @Query("update Backup b set b.progressBytes = :bytes, b.progressBytesPerSecond = :bytesPerSecond,"
            + " b.progressEtaSeconds = :etaSeconds, b.progressAt = :at where b.backupId = :backupId")
    int recordProgress(String backupId, long bytes, long bytesPerSecond, @Nullable Long etaSeconds, Instant at);
}
