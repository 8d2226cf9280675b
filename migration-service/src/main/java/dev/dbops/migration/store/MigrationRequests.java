package dev.dbops.migration.store;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface MigrationRequests extends JpaRepository<MigrationRequest, String> {

    List<MigrationRequest> findByTargetOrderByReceivedAtDesc(String target);

    @Query(value = "SELECT DISTINCT target FROM migration_request WHERE status IN ('RECEIVED', 'AWAITING_BACKUP', "
            + "'READY', 'RUNNING')", nativeQuery = true)
    List<String> targetsWithOpenRequests();

    /** The request a target works on next: the oldest open one. Later ones wait their turn. */
    @Query(value = "SELECT * FROM migration_request WHERE target = ?1 AND status IN ('RECEIVED', 'AWAITING_BACKUP', "
            + "'READY', 'RUNNING') ORDER BY received_at, request_id LIMIT 1", nativeQuery = true)
    Optional<MigrationRequest> headOf(String target);

    Optional<MigrationRequest> findByBackupRequestId(String backupRequestId);

    /** How many requests each target has in each status: rows of target, status, count. */
    @Query(value = "SELECT target, status, count(*) FROM migration_request GROUP BY target, status", nativeQuery = true)
    List<Object[]> countsByTargetAndStatus();
}
