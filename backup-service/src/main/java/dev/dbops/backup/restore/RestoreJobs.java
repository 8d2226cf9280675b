package dev.dbops.backup.restore;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RestoreJobs extends JpaRepository<RestoreJob, String> {

    List<RestoreJob> findByTargetAndStatusInOrderByRequestedAt(String target, Collection<RestoreStatus> statuses);

    List<RestoreJob> findByStatusIn(Collection<RestoreStatus> statuses);

    List<RestoreJob> findByTargetOrderByRequestedAtDesc(String target);

    List<RestoreJob> findByTargetAndStatusAndReplacedDatabaseIsNotNullAndReplacedDroppedFalse(String target,
            RestoreStatus status);
}
