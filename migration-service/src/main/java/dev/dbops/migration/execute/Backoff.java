package dev.dbops.migration.execute;

import dev.dbops.migration.config.MigrationSettings.Retries;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential back-off with jitter: attempt n waits between half and all of initial * multiplier^(n-1), capped. */
public final class Backoff {

    private Backoff() {
    }

    /** @param failedAttempt 1 after the first failure; @param random a value in [0, 1) */
    public static Duration after(int failedAttempt, Retries retries, DoubleSupplier random) {
        double ceiling = Math.min(retries.maxBackoff().toMillis(),
                retries.initialBackoff().toMillis() * Math.pow(retries.multiplier(), failedAttempt - 1));
        return Duration.ofMillis(Math.round(ceiling / 2 + random.getAsDouble() * ceiling / 2));
    }
}
