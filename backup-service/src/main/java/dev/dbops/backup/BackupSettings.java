package dev.dbops.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the backup-service ({@code dbops.backup.*}).
 *
 * @param repository where backups are kept
 * @param dump how pg_dump runs
 * @param workers threads that run per-target work (one target per thread at a time)
 * @param pollInterval how often workers look for queued work
 * @param verify checksums, list and restore drill after each backup
 * @param retention grandfather-father-son counts for every target unless overridden
 * @param protectedDatabases databases a restore may never write into
 * @param targets per-target schedules, retention and smoke queries
 */
@ConfigurationProperties("dbops.backup")
public record BackupSettings(
        @DefaultValue Repository repository,
        @DefaultValue Dump dump,
        @DefaultValue("2") int workers,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue Verify verify,
        @DefaultValue Retention retention,
        @DefaultValue({"postgres", "template0", "template1"}) List<String> protectedDatabases,
        @DefaultValue Map<String, TargetSettings> targets) {

    /** @param path the root directory of the file-system repository */
    public record Repository(@DefaultValue("backups") Path path) {
    }

    /**
     * @param jobs pg_dump / pg_restore -j: tables dumped and restored in parallel
     * @param compressLevel pg_dump's own gzip level (-Z); 1 measured best here, see the README
     * @param lockWaitTimeout how long pg_dump (and the row counts) wait for a table lock before the backup fails
     * @param binDir where pg_dump, pg_restore live; empty means the PATH
     */
    public record Dump(@DefaultValue("2") int jobs, @DefaultValue("1") int compressLevel,
            @DefaultValue("5m") Duration lockWaitTimeout, @Nullable Path binDir) {
    }

    /**
     * @param delay how long after completion a drill starts
     * @param within the window in which every completed backup must be drilled; later is logged as overdue
     * @param drill restore into a scratch database (checksums and pg_restore --list always run)
     * @param smokeQueries run in the scratch database; each must succeed, and return true when it returns a boolean
     */
    public record Verify(@DefaultValue("0s") Duration delay, @DefaultValue("1h") Duration within,
            @DefaultValue("true") boolean drill, @DefaultValue("SELECT true") List<String> smokeQueries) {
    }

    /**
     * @param zone the time zone whose hours, days, weeks (ISO, Monday first) and months bucket the backups
     * @param interval how often retention runs for every target (it also runs after each verification)
     * @param failedHistory how long the catalog keeps a failed backup's entry (its files are gone at once)
     */
    public record Retention(@DefaultValue("24") int hourly, @DefaultValue("30") int daily,
            @DefaultValue("12") int weekly, @DefaultValue("12") int monthly,
            @DefaultValue("UTC") ZoneId zone, @DefaultValue("1h") Duration interval,
            @DefaultValue("30d") Duration failedHistory) {
    }

    /**
     * @param schedule a Spring cron expression (6 fields, seconds first) for scheduled backups
     * @param zone the schedule's time zone
     * @param retention overrides the service-wide counts for this target
     * @param smokeQueries override the service-wide smoke queries for this target's drills
     */
    public record TargetSettings(@Nullable String schedule, @DefaultValue("UTC") ZoneId zone,
            @Nullable Retention retention, @Nullable List<String> smokeQueries) {
    }

    public Retention retentionOf(String target) {
        TargetSettings settings = targets.get(target);
        return settings != null && settings.retention() != null ? settings.retention() : retention;
    }

    public List<String> smokeQueriesOf(String target) {
        TargetSettings settings = targets.get(target);
        return settings != null && settings.smokeQueries() != null ? settings.smokeQueries() : verify.smokeQueries();
    }
}
