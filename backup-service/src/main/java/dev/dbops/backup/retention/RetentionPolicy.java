package dev.dbops.backup.retention;

import java.time.ZoneId;

/** How many hourly, daily, weekly (ISO, Monday first) and monthly backups to keep, bucketed in {@code zone}. */
public record RetentionPolicy(int hourly, int daily, int weekly, int monthly, ZoneId zone) {

    public RetentionPolicy {
        if (hourly < 0 || daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("retention counts cannot be negative");
        }
    }
}
