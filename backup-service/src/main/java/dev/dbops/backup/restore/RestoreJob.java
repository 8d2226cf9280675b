package dev.dbops.backup.restore;

import dev.dbops.backup.store.LatestProgress;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A RestoreRequested this service accepted, from queue to outcome. */
@Entity
@Table(name = "restore_job")
public class RestoreJob {

    @Id
    private String requestId;
    private @Nullable String correlationId;
    private String target;
    private String backupId;
    private String intoDatabase;
    private @Nullable String tables;
    private @Nullable String schemas;
    private boolean overwrite;
    private boolean allowUnverified;
    private @Nullable String requestedBy;
    @Enumerated(EnumType.STRING)
    private RestoreStatus status;
    private Instant requestedAt;
    private @Nullable Instant startedAt;
    private @Nullable Instant completedAt;
    private @Nullable Long durationMs;
    private @Nullable String failureCause;
    private boolean createdDatabase;
    /** Where an overwrite restore restores to before the swap; dropped when the restore fails. */
    private @Nullable String stagingDatabase;
    /** The name the overwritten database was renamed to, kept until retention drops it. */
    private @Nullable String replacedDatabase;
    private boolean replacedDropped;
    /** The latest progress report (the events carry every one); written by a query of its own while the work runs. */
    private @Nullable Long progressBytes;
    private @Nullable Long progressBytesPerSecond;
    private @Nullable Long progressEtaSeconds;
    private @Nullable Instant progressAt;

    protected RestoreJob() {
    }

    public RestoreJob(String requestId, @Nullable String correlationId, String target, String backupId,
            String intoDatabase, List<String> tables, List<String> schemas, boolean overwrite,
            boolean allowUnverified, @Nullable String requestedBy, Instant requestedAt) {
        this.requestId = requestId;
        this.correlationId = correlationId;
        this.target = target;
        this.backupId = backupId;
        this.intoDatabase = intoDatabase;
        this.tables = tables.isEmpty() ? null : String.join("\n", tables);
        this.schemas = schemas.isEmpty() ? null : String.join("\n", schemas);
        this.overwrite = overwrite;
        this.allowUnverified = allowUnverified;
        this.requestedBy = requestedBy;
        this.requestedAt = requestedAt;
        this.status = RestoreStatus.QUEUED;
    }

    void started(Instant at) {
        status = RestoreStatus.RUNNING;
        startedAt = at;
    }

    /** Recorded right after CREATE DATABASE succeeded, so a name someone else took is never claimed. */
    void createdDatabase() {
        createdDatabase = true;
    }

    void stagingIn(String database) {
        stagingDatabase = database;
    }

    void replacing(String renamedTo) {
        replacedDatabase = renamedTo;
    }

    void replacedDropped() {
        replacedDropped = true;
    }

    void completed(Instant at) {
        status = RestoreStatus.COMPLETED;
        completedAt = at;
        durationMs = Duration.between(startedAt == null ? at : startedAt, at).toMillis();
    }

    void failed(String cause, Instant at) {
        status = RestoreStatus.FAILED;
        failureCause = cause;
        completedAt = at;
        durationMs = startedAt == null ? null : Duration.between(startedAt, at).toMillis();
    }

    public String requestId() {
        return requestId;
    }

    public @Nullable String correlationId() {
        return correlationId;
    }

    public String target() {
        return target;
    }

    public String backupId() {
        return backupId;
    }

    public String intoDatabase() {
        return intoDatabase;
    }

    public List<String> tables() {
        return tables == null ? List.of() : Arrays.asList(tables.split("\n"));
    }

    public List<String> schemas() {
        return schemas == null ? List.of() : Arrays.asList(schemas.split("\n"));
    }

    public boolean overwrite() {
        return overwrite;
    }

    public boolean allowUnverified() {
        return allowUnverified;
    }

    /** The database pg_restore writes into: the staging database of an overwrite, else the requested one. */
    public String restoresInto() {
        return stagingDatabase != null ? stagingDatabase : intoDatabase;
    }

    public @Nullable String stagingDatabase() {
        return stagingDatabase;
    }

    public @Nullable String replacedDatabase() {
        return replacedDatabase;
    }

    public boolean wasReplacedDropped() {
        return replacedDropped;
    }

    public @Nullable String requestedBy() {
        return requestedBy;
    }

    public RestoreStatus status() {
        return status;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public @Nullable Instant startedAt() {
        return startedAt;
    }

    public @Nullable Instant completedAt() {
        return completedAt;
    }

    public @Nullable Long durationMs() {
        return durationMs;
    }

    public @Nullable String failureCause() {
        return failureCause;
    }

    public boolean wasDatabaseCreated() {
        return createdDatabase;
    }

    public @Nullable LatestProgress progress() {
        return LatestProgress.of(progressBytes, progressBytesPerSecond, progressEtaSeconds, progressAt);
    }
}
