package dev.dbops.backup.retention;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How many hourly, daily, weekly (ISO, Monday first) and monthly backups to keep, bucketed in {@code zone},
 * and how long a verified pre-migration backup stays a restore point whatever the counts.
 */
public record RetentionPolicy(int hourly, int daily, int weekly, int monthly, ZoneId zone, Duration preMigration) {

    public RetentionPolicy {
        if (hourly < 0 || daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("retention counts cannot be negative");
        }
        if (preMigration.isNegative()) {
            throw new IllegalArgumentException("retention.pre-migration cannot be negative");
        }
    }
}
