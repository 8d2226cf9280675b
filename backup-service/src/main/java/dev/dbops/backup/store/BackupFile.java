package dev.dbops.backup.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A file of a backup, relative to the backup's location, with its size and SHA-256 (hex). */
@Embeddable
public record BackupFile(String path, @Column(name = "size_bytes") long sizeBytes, String sha256) {
}
