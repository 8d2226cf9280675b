package dev.dbops.migration.api;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.migration.store.MigrationRequest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** A request as the REST API shows it: where it stands, its plan, what it applied, how it ended. */
record RequestView(String requestId, String target, String kind, @Nullable String targetVersion, boolean dryRun,
        String status, @Nullable String detail, @Nullable String failureCause, @Nullable String backupId,
        @Nullable String fromVersion, @Nullable JsonNode plan, List<AppliedStep> applied, String requestedBy,
        String reason, String source, Instant receivedAt, Instant updatedAt, @Nullable Instant finishedAt) {

    static RequestView of(MigrationRequest r) {
        JsonNode plan = r.plan() == null ? null : EventCodec.mapper().readTree(r.plan());
        List<AppliedStep> applied = r.applied() == null ? List.of()
                : EventCodec.mapper().readValue(r.applied(), new TypeReference<List<AppliedStep>>() { });
        return new RequestView(r.requestId(), r.target(), r.kind().value(), r.targetVersion(), r.dryRun(), r.status().name(),
                r.detail(), r.failureCause(), r.backupId(), r.fromVersion(), plan, applied, r.requestedBy(),
                r.reason(), r.source(), r.receivedAt(), r.updatedAt(), r.finishedAt());
    }
}
