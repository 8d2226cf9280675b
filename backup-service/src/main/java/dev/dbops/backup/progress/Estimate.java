package dev.dbops.backup.progress;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The rate and the time left of work measured in bytes. */
public final class Estimate {

    private Estimate() {
    }

    /** Bytes per second over {@code elapsed}; 0 before any time has passed. */
    public static long bytesPerSecond(long bytes, Duration elapsed) {
        long millis = elapsed.toMillis();
        return millis <= 0 ? 0 : bytes * 1000 / millis;
    }

    /**
     * Seconds left when {@code done} of {@code total} took {@code elapsed} and the rest goes as fast; null when
     * nothing is done yet, the total is unknown, or done has passed an estimated total.
     */
    public static @Nullable Long secondsLeft(long done, @Nullable Long total, Duration elapsed) {
        if (done <= 0 || total == null || done > total) {
            return null;
        }
        return Math.round(elapsed.toMillis() / 1000.0 * (total - done) / done);
    }
}
