package dev.dbops.backup.api;

import dev.dbops.backup.restore.RestoreJob;
import dev.dbops.backup.restore.RestoreStatus;
import dev.dbops.backup.store.LatestProgress;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A restore as REST shows it; {@code replacedDatabase} is where an overwritten database is kept until retention,
 * {@code progress} the latest RestoreProgress.
 */
record RestoreView(String requestId, String target, String backupId, String intoDatabase, List<String> tables,
        List<String> schemas, boolean overwrite, RestoreStatus status, Instant requestedAt, @Nullable Instant startedAt,
        @Nullable Instant completedAt, @Nullable Long durationMs, @Nullable String failureCause,
        @Nullable String replacedDatabase, @Nullable LatestProgress progress) {

    static RestoreView of(RestoreJob r) {
        return new RestoreView(r.requestId(), r.target(), r.backupId(), r.intoDatabase(), r.tables(), r.schemas(),
                r.overwrite(), r.status(), r.requestedAt(), r.startedAt(), r.completedAt(), r.durationMs(),
                r.failureCause(), r.replacedDatabase(), r.progress());
    }
}
