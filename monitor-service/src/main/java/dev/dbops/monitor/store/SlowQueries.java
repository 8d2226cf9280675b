package dev.dbops.monitor.store;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface SlowQueries extends JpaRepository<SlowQuery, Long> {

    List<SlowQuery> findByTargetOrderByWindowEndDesc(String target, Pageable page);

    List<SlowQuery> findByWindowEndAfter(Instant since);

    @Modifying
    @Transactional
    @Query("DELETE FROM SlowQuery s WHERE s.windowEnd < :before")
    int deleteByWindowEndBefore(Instant before);
}
