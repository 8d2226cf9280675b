package dev.dbops.backup.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The latest progress report of a backup or restore, as the catalog keeps it for REST readers. */
public record LatestProgress(long bytesDone, long bytesPerSecond, @Nullable Long etaSeconds, Instant at) {

    /** Null when no report was made (work that ended within the first interval, or has not started). */
    public static @Nullable LatestProgress of(@Nullable Long bytesDone, @Nullable Long bytesPerSecond,
            @Nullable Long etaSeconds, @Nullable Instant at) {
        return at == null || bytesDone == null || bytesPerSecond == null ? null
                : new LatestProgress(bytesDone, bytesPerSecond, etaSeconds, at);
    }
}
