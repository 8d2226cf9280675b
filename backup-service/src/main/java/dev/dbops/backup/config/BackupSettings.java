package dev.dbops.backup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * @param eventRowCounts how many tables' row counts an event carries at most (with the totals); the manifest
 *     has them all
 * @param progress how often a running backup or restore says how far it is
 * @param encryption encryption at rest: the key ring, and whether new backups are encrypted (per target too)
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
        @DefaultValue Map<String, TargetSettings> targets,
        @DefaultValue("1000") int eventRowCounts,
        @DefaultValue Progress progress,
        @DefaultValue Encryption encryption) {

    /** @param interval between two BackupProgress or RestoreProgress of one backup or restore; none before the first */
    public record Progress(@DefaultValue("5s") Duration interval) {
    }

    /** @param path the root directory of the file-system repository */
    public record Repository(@DefaultValue("backups") Path path) {
    }

    /**
     * @param jobs pg_dump / pg_restore -j: tables dumped and restored in parallel
     * @param compressLevel pg_dump's own gzip level (-Z); 1 measured best here, see the README
     * @param lockWaitTimeout how long pg_dump (and the row counts) wait for a table lock before the backup fails
     * @param binDir where pg_dump, pg_restore live; empty means the PATH
     * @param toolTimeout how long one pg_dump, pg_restore or psql may run before it is stopped and its work fails
     */
    public record Dump(@DefaultValue("2") int jobs, @DefaultValue("1") int compressLevel,
            @DefaultValue("5m") Duration lockWaitTimeout, @Nullable Path binDir,
            @DefaultValue("6h") Duration toolTimeout) {
    }

    /**
     * @param delay how long after completion a drill starts
     * @param within the window in which every completed backup must be drilled; later is logged as overdue
     * @param drill restore into a scratch database (checksums and pg_restore --list always run)
     * @param smokeQueries run in the scratch database; each must succeed, and return true when it returns a boolean
     * @param server where drills restore; the platform database's server unless set
     * @param onTargetServer drill on each target's own server instead (its I/O and disk on production)
     */
    public record Verify(@DefaultValue("0s") Duration delay, @DefaultValue("1h") Duration within,
            @DefaultValue("true") boolean drill, @DefaultValue("SELECT true") List<String> smokeQueries,
            @DefaultValue Server server, @DefaultValue("false") boolean onTargetServer) {
    }

    /**
     * A PostgreSQL server for drills: a JDBC URL of a database there (the scratch databases are created beside
     * it) and a role with CREATEDB. Its major version must be at least the targets'.
     */
    public record Server(@Nullable String url, @Nullable String username, @Nullable String password) {

        @Override
        public String toString() {
            return "Server[url=" + url + ", username=" + username + ", password=" + (password == null ? null : "******")
                    + "]";
        }
    }

    /**
     * @param zone the time zone whose hours, days, weeks (ISO, Monday first) and months bucket the backups
     * @param interval how often retention runs for every target (it also runs after each verification)
     * @param failedHistory how long the catalog keeps a failed backup's entry (its files are gone at once)
     * @param preMigration how long a verified pre-migration backup is kept whatever the counts: the restore point
     */
    public record Retention(@DefaultValue("24") int hourly, @DefaultValue("30") int daily,
            @DefaultValue("12") int weekly, @DefaultValue("12") int monthly,
            @DefaultValue("UTC") ZoneId zone, @DefaultValue("1h") Duration interval,
            @DefaultValue("30d") Duration failedHistory, @DefaultValue("7d") Duration preMigration) {
    }

    /**
     * @param schedule a Spring cron expression (6 fields, seconds first) for scheduled backups
     * @param zone the schedule's time zone
     * @param retention overrides the service-wide counts for this target
     * @param smokeQueries override the service-wide smoke queries for this target's drills
     * @param restore who may restore this target's backups, and whether over an existing database
     * @param encryption overrides whether and with which key of the ring this target's new backups are encrypted
     */
    public record TargetSettings(@Nullable String schedule, @DefaultValue("UTC") ZoneId zone,
            @Nullable Retention retention, @Nullable List<String> smokeQueries, @DefaultValue Restore restore,
            @DefaultValue TargetEncryption encryption) {
    }

    /**
     * @param enabled new backups are encrypted with the active key
     * @param activeKey the id, in {@code keys}, of the key new backups are encrypted with; older backups name theirs
     * @param keys the key ring: every key a backup still in the repository may have been encrypted with
     */
    public record Encryption(@DefaultValue("false") boolean enabled, @Nullable String activeKey,
            @DefaultValue Map<String, KeySource> keys) {
    }

    /** Where one key is: a file or an environment variable holding 32 bytes in base64. */
    public record KeySource(@Nullable Path file, @Nullable String env) {
    }

    /** Unset fields take the service-wide {@link Encryption} values. */
    public record TargetEncryption(@Nullable Boolean enabled, @Nullable String activeKey) {
    }

    /**
     * @param allowOverwrite a restore may replace an existing database (after a safety backup, by a swap)
     * @param allowedSources ce_source patterns whose RestoreRequested are accepted; none by default, apart
     *     from {@code dbops.targets.<id>.allowed-sources}, which only says who may ask for backups
     * @param keepReplaced how long a database replaced by an overwrite restore is kept, renamed, before retention
     *     drops it
     */
    public record Restore(@DefaultValue("false") boolean allowOverwrite, @DefaultValue List<String> allowedSources,
            @DefaultValue("7d") Duration keepReplaced) {
    }

    private static final Restore RESTORE_DEFAULTS = new Restore(false, List.of(), Duration.ofDays(7));

    public Restore restoreOf(String target) {
        TargetSettings settings = targets.get(target);
        return settings != null ? settings.restore() : RESTORE_DEFAULTS;
    }

    /** The id of the key this target's new backups are encrypted with; empty when they are not encrypted. */
    public Optional<String> encryptionKeyOf(String target) {
        TargetSettings settings = targets.get(target);
        TargetEncryption own = settings != null ? settings.encryption() : new TargetEncryption(null, null);
        boolean enabled = own.enabled() != null ? own.enabled() : encryption.enabled();
        String key = own.activeKey() != null ? own.activeKey() : encryption.activeKey();
        return enabled ? Optional.ofNullable(key) : Optional.empty();
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
