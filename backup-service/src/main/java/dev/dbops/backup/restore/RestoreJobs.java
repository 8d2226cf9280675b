package dev.dbops.backup.restore;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RestoreJobs extends JpaRepository<RestoreJob, String> {

    List<RestoreJob> findByTargetAndStatusInOrderByRequestedAt(String target, Collection<RestoreStatus> statuses);

    List<RestoreJob> findByStatusIn(Collection<RestoreStatus> statuses);

    List<RestoreJob> findByTargetOrderByRequestedAtDesc(String target);

    List<RestoreJob> findByTargetAndStatusAndReplacedDatabaseIsNotNullAndReplacedDroppedFalse(String target,
            RestoreStatus status);

    /** The latest progress of a running restore, alone: the work's own saves never race with it. */
    @Modifying
    @Query("update RestoreJob r set r.progressBytes = :bytes, r.progressBytesPerSecond = :bytesPerSecond,"
            + " r.progressEtaSeconds = :etaSeconds, r.progressAt = :at where r.requestId = :requestId")
    int recordProgress(String requestId, long bytes, long bytesPerSecond, @Nullable Long etaSeconds, Instant at);
}
