package dev.dbops.migration.engine;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.migration.store.MigrationRequest;

/** Reads the stored plan of a request. */
final class EventCodecs {

    private EventCodecs() {
    }

    static MigrationPlanned plan(MigrationRequest request) {
        if (request.plan() == null) {
            throw new IllegalStateException("request " + request.requestId() + " has no plan");
        }
        return EventCodec.mapper().readValue(request.plan(), MigrationPlanned.class);
    }
}
