package dev.dbops.migration.store;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A request this service accepted; its status moves as the request is planned, backed up and run. */
@Entity
@Table(name = "migration_request")
public class MigrationRequest {

    @Id
    private String requestId;
    private String target;
    @Convert(converter = RequestKind.Column.class)
    private RequestKind kind;
    private String targetVersion;
    private boolean dryRun;
    private Boolean backupFirst;
    private boolean overrideFindings;
    private String requestedBy;
    private String reason;
    private String source;
    @Enumerated(EnumType.STRING)
    private RequestStatus status;
    private String detail;
    private String plan;
    private String applied;
    private String fromVersion;
    private String backupRequestId;
    private String backupId;
    @Convert(converter = BackupOutcome.Column.class)
    private BackupOutcome backupOutcome;
    private Instant backupDeadline;
    private String failureCause;
    private Instant receivedAt;
    private Instant updatedAt;
    private Instant finishedAt;
    /** The worker and the backup listener both write a request: the later of two concurrent writes retries. */
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected MigrationRequest() {
    }

    public MigrationRequest(String requestId, String target, RequestKind kind, @Nullable String targetVersion,
            boolean dryRun, @Nullable Boolean backupFirst, boolean overrideFindings, String requestedBy, String reason,
            String source, Instant receivedAt) {
        this.requestId = requestId;
        this.target = target;
        this.kind = kind;
        this.targetVersion = targetVersion;
        this.dryRun = dryRun;
        this.backupFirst = backupFirst;
        this.overrideFindings = overrideFindings;
        this.requestedBy = requestedBy;
        this.reason = reason;
        this.source = source;
        this.status = RequestStatus.RECEIVED;
        this.receivedAt = receivedAt;
        this.updatedAt = receivedAt;
    }

    public void moveTo(RequestStatus next, @Nullable String detail, Instant now) {
        this.status = next;
        this.detail = detail;
        this.updatedAt = now;
        if (next.isFinal()) {
            this.finishedAt = now;
        }
    }

    public void fail(String cause, String message, Instant now) {
        this.failureCause = cause;
        moveTo(RequestStatus.FAILED, message, now);
    }

    public void note(String detail, Instant now) {
        this.detail = detail;
        this.updatedAt = now;
    }

    public void planned(String planJson, @Nullable String fromVersion) {
        this.plan = planJson;
        this.fromVersion = fromVersion;
    }

    public void awaitBackup(String backupRequestId, Instant deadline, Instant now) {
        this.backupRequestId = backupRequestId;
        this.backupDeadline = deadline;
        moveTo(RequestStatus.AWAITING_BACKUP, "waiting for backup " + backupRequestId + " until " + deadline, now);
    }

    public void backupOutcome(BackupOutcome outcome, @Nullable String backupId, @Nullable String detail, Instant now) {
        this.backupOutcome = outcome;
        this.backupId = backupId;
        note(detail, now);
    }

    public void applied(String appliedJson, Instant now) {
        this.applied = appliedJson;
        this.updatedAt = now;
    }

    public String requestId() {
        return requestId;
    }

    public String target() {
        return target;
    }

    public RequestKind kind() {
        return kind;
    }

    public @Nullable String targetVersion() {
        return targetVersion;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public @Nullable Boolean backupFirst() {
        return backupFirst;
    }

    public boolean overrideFindings() {
        return overrideFindings;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public String reason() {
        return reason;
    }

    public String source() {
        return source;
    }

    public RequestStatus status() {
        return status;
    }

    public @Nullable String detail() {
        return detail;
    }

    public @Nullable String plan() {
        return plan;
    }

    public @Nullable String applied() {
        return applied;
    }

    public @Nullable String fromVersion() {
        return fromVersion;
    }

    public @Nullable String backupRequestId() {
        return backupRequestId;
    }

    public @Nullable String backupId() {
        return backupId;
    }

    public @Nullable BackupOutcome backupOutcome() {
        return backupOutcome;
    }

    public @Nullable Instant backupDeadline() {
        return backupDeadline;
    }

    public @Nullable String failureCause() {
        return failureCause;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public @Nullable Instant finishedAt() {
        return finishedAt;
    }
}
