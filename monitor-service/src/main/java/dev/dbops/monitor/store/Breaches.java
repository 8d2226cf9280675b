package dev.dbops.monitor.store;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Breaches extends JpaRepository<Breach, Long> {

    List<Breach> findByResolvedAtIsNull();

    List<Breach> findByTargetAndResolvedAtIsNullOrderBySince(String target);

    Optional<Breach> findByTargetAndRuleAndResolvedAtIsNull(String target, String rule);

    List<Breach> findByTargetOrderBySinceDesc(String target, Pageable page);
}
