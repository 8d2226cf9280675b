package dev.dbops.migration.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface MigrationRequests extends JpaRepository<MigrationRequest, String> {

    List<MigrationRequest> findByTargetOrderByReceivedAtDesc(String target);

    default List<String> targetsWithOpenRequests() {
        return targetsWithRequestsIn(RequestStatus.OPEN);
    }

    @Query("SELECT DISTINCT r.target FROM MigrationRequest r WHERE r.status IN :statuses")
    List<String> targetsWithRequestsIn(Collection<RequestStatus> statuses);

    /** The request a target works on next: the oldest open one. Later ones wait their turn. */
    default Optional<MigrationRequest> headOf(String target) {
        return findFirstByTargetAndStatusInOrderByReceivedAtAscRequestIdAsc(target, RequestStatus.OPEN);
    }

    Optional<MigrationRequest> findFirstByTargetAndStatusInOrderByReceivedAtAscRequestIdAsc(String target,
            Collection<RequestStatus> statuses);

    Optional<MigrationRequest> findByBackupRequestId(String backupRequestId);

    /** How many requests each target has in each status: rows of target, status, count. */
    @Query(value = "SELECT target, status, count(*) FROM migration_request GROUP BY target, status", nativeQuery = true)
    List<Object[]> countsByTargetAndStatus();
}
