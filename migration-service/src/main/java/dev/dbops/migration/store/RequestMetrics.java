package dev.dbops.migration.store;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Migration requests by target and status ({@code dbops_migration_requests}), read from the platform
 * database at scrape time: the requests table is the truth every instance shares, so the figure survives
 * restarts and is the same from each instance (aggregate with max, not sum). Final statuses (COMPLETED,
 * FAILED, ROLLED_BACK) only grow, so {@code increase()} over them is the outcomes of a period.
 */
@Component
class RequestMetrics {

    /** One query serves every gauge of a scrape. */
    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    private final MigrationRequests requests;
    private final Clock clock = Clock.systemUTC();
    private @Nullable Snapshot snapshot;

    private record Snapshot(Instant at, @Nullable Map<String, Long> counts) {
    }

    RequestMetrics(MigrationRequests requests, TargetRegistry targets, MeterRegistry registry) {
        this.requests = requests;
        for (Target target : targets.all()) {
            for (RequestStatus status : RequestStatus.values()) {
                String key = key(target.id(), status.name());
                Gauge.builder("dbops.migration.requests", () -> {
                    Map<String, Long> counts = counts();
                    // NaN while the platform database cannot be read, so an outage does not read as zero requests
                    return counts == null ? Double.NaN : counts.getOrDefault(key, 0L);
                }).tags("target", target.id(), "status", status.name().toLowerCase())
                        .description("Migration requests of the target in this status (from the requests table)")
                        .register(registry);
            }
        }
    }

    private synchronized @Nullable Map<String, Long> counts() {
        Instant now = clock.instant();
        if (snapshot == null || snapshot.at().plus(SNAPSHOT_AGE).isBefore(now)) {
            Map<String, Long> read = new HashMap<>();
            try {
                for (Object[] row : requests.countsByTargetAndStatus()) {
                    read.put(key((String) row[0], (String) row[1]), ((Number) row[2]).longValue());
                }
            } catch (DataAccessException unreadable) {
                read = null;
            }
            snapshot = new Snapshot(now, read);
        }
        return snapshot.counts();
    }

    private static String key(String target, String status) {
        return target + "\u0000" + status;
    }
}
