package dev.dbops.backup.store;

import dev.dbops.common.event.BackupReason;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** One backup in the catalog, from request to expiry. State changes go through its methods. */
@Entity
@Table(name = "backup")
public class Backup {

    @Id
    private String backupId;
    private String requestId;
    private @Nullable String correlationId;
    private String target;
    @Enumerated(EnumType.STRING)
    private BackupReason reason;
    private @Nullable String requestedBy;
    @Enumerated(EnumType.STRING)
    private BackupStatus status;
    private Instant requestedAt;
    private @Nullable Instant startedAt;
    private @Nullable Instant completedAt;
    private @Nullable Long durationMs;
    private @Nullable String location;
    private @Nullable String format;
    private @Nullable String compression;
    private @Nullable String serverVersion;
    private @Nullable Long sizeBytes;
    private @Nullable String manifestSha256;
    private @Nullable String failureCause;
    @Enumerated(EnumType.STRING)
    private Verification verification;
    private @Nullable Instant verifiedAt;
    @Convert(converter = VerificationCheck.Column.class)
    private @Nullable VerificationCheck verificationCheck;
    private @Nullable String verificationDetails;
    private @Nullable Long drillDurationMs;
    private @Nullable String retentionClass;
    /** The latest progress report (the events carry every one); written by a query of its own while the work runs. */
    private @Nullable Long progressBytes;
    private @Nullable Long progressBytesPerSecond;
    private @Nullable Long progressEtaSeconds;
    private @Nullable Instant progressAt;
    @Version
    private long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "backup_file", joinColumns = @JoinColumn(name = "backup_id"))
    @OrderBy("path")
    private List<BackupFile> files = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "backup_table", joinColumns = @JoinColumn(name = "backup_id"))
    @MapKeyColumn(name = "table_name")
    @Column(name = "row_count")
    private Map<String, Long> rowCounts = new LinkedHashMap<>();

    protected Backup() {
    }

    public Backup(String backupId, String requestId, @Nullable String correlationId, String target,
            BackupReason reason, @Nullable String requestedBy, Instant requestedAt) {
        this.backupId = backupId;
        this.requestId = requestId;
        this.correlationId = correlationId;
        this.target = target;
        this.reason = reason;
        this.requestedBy = requestedBy;
        this.requestedAt = requestedAt;
        this.status = BackupStatus.QUEUED;
        this.verification = Verification.NONE;
    }

    public void started(Instant at) {
        status = BackupStatus.RUNNING;
        startedAt = at;
    }

    public void completed(String location, String format, String compression, String serverVersion,
            List<BackupFile> files, long sizeBytes, String manifestSha256, Map<String, Long> rowCounts, Instant at) {
        this.status = BackupStatus.COMPLETED;
        this.location = location;
        this.format = format;
        this.compression = compression;
        this.serverVersion = serverVersion;
        this.files = new ArrayList<>(files);
        this.sizeBytes = sizeBytes;
        this.manifestSha256 = manifestSha256;
        this.rowCounts = new LinkedHashMap<>(rowCounts);
        this.completedAt = at;
        this.durationMs = Duration.between(startedAt == null ? at : startedAt, at).toMillis();
        this.verification = Verification.PENDING;
    }

    public void failed(String cause, Instant at) {
        status = BackupStatus.FAILED;
        failureCause = cause;
        completedAt = at;
        durationMs = startedAt == null ? null : Duration.between(startedAt, at).toMillis();
        verification = Verification.NONE;
    }

    public void verificationStarted() {
        verification = Verification.RUNNING;
    }

    /** Back to pending: the drill was interrupted, not failed. */
    public void verificationInterrupted() {
        verification = Verification.PENDING;
    }

    /** Asks for the checks to run again, e.g. after the repository was repaired. */
    public void reverify() {
        if (status != BackupStatus.COMPLETED) {
            throw new IllegalStateException("backup " + backupId + " is " + status + "; only a completed backup is verified");
        }
        verification = Verification.PENDING;
    }

    public void verified(long drillDurationMs, Instant at) {
        verification = Verification.VERIFIED;
        verifiedAt = at;
        verificationCheck = null;
        verificationDetails = null;
        this.drillDurationMs = drillDurationMs;
    }

    public void verificationFailed(VerificationCheck check, String details, Instant at) {
        verification = Verification.FAILED;
        verifiedAt = at;
        verificationCheck = check;
        verificationDetails = details;
    }

    public String backupId() {
        return backupId;
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

    public BackupReason reason() {
        return reason;
    }

    public @Nullable String requestedBy() {
        return requestedBy;
    }

    public BackupStatus status() {
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

    public @Nullable String location() {
        return location;
    }

    public @Nullable String format() {
        return format;
    }

    public @Nullable String compression() {
        return compression;
    }

    public @Nullable String serverVersion() {
        return serverVersion;
    }

    public @Nullable Long sizeBytes() {
        return sizeBytes;
    }

    public @Nullable String manifestSha256() {
        return manifestSha256;
    }

    public @Nullable String failureCause() {
        return failureCause;
    }

    public Verification verification() {
        return verification;
    }

    public @Nullable Instant verifiedAt() {
        return verifiedAt;
    }

    public @Nullable VerificationCheck verificationCheck() {
        return verificationCheck;
    }

    public @Nullable String verificationDetails() {
        return verificationDetails;
    }

    public @Nullable Long drillDurationMs() {
        return drillDurationMs;
    }

    public @Nullable String retentionClass() {
        return retentionClass;
    }

    public List<BackupFile> files() {
        return List.copyOf(files);
    }

    public Map<String, Long> rowCounts() {
        return Collections.unmodifiableMap(new TreeMap<>(rowCounts));
    }

    public @Nullable LatestProgress progress() {
        return LatestProgress.of(progressBytes, progressBytesPerSecond, progressEtaSeconds, progressAt);
    }
}
