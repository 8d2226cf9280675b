package dev.dbops.migration.intake;

import dev.dbops.common.event.MigrationRequested;
import dev.dbops.common.event.RollbackRequested;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import dev.dbops.migration.store.RequestKind;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Turns a request, from Kafka or REST, into a queued row; the worker takes it from there. */
@Component
public class RequestIntake {

    private final MigrationRequests requests;
    private final Clock clock;

    RequestIntake(MigrationRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /** Queues the request; a request id seen before keeps its first request. */
    public MigrationRequest accept(MigrationRequested r, String source) {
        return requests.findById(r.requestId()).orElseGet(() -> requests.save(new MigrationRequest(r.requestId(), r.target(), RequestKind.MIGRATE,
                r.targetVersion(), r.dryRun(), r.backupFirst(), r.overrideFindings(), r.requestedBy(), r.reason(),
                source, clock.instant())));
    }

    public MigrationRequest accept(RollbackRequested r, String source) {
        return requests.findById(r.requestId()).orElseGet(() -> requests.save(new MigrationRequest(r.requestId(), r.target(), RequestKind.ROLLBACK, r.toVersion(),
                false, null, false, r.requestedBy(), r.reason(), source, clock.instant())));
    }
}
