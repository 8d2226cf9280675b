package dev.dbops.monitor.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The newest backup completed for a target, as far as its events told. */
@Entity
@Table(name = "last_backup")
public class LastBackup {

    @Id
    private String target;
    private String backupId;
    private Instant completedAt;
    private long sizeBytes;
    private Instant receivedAt;

    protected LastBackup() {
    }

    public LastBackup(String target) {
        this.target = target;
    }

    /** Takes the backup when it is newer than the one known: events of different backups may come out of order. */
    public boolean offer(String backupId, Instant completedAt, long sizeBytes, Instant receivedAt) {
        if (this.completedAt != null && !completedAt.isAfter(this.completedAt)) {
            return false;
        }
        this.backupId = backupId;
        this.completedAt = completedAt;
        this.sizeBytes = sizeBytes;
        this.receivedAt = receivedAt;
        return true;
    }

    public String target() {
        return target;
    }

    public String backupId() {
        return backupId;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public long sizeBytes() {
        return sizeBytes;
    }
}
