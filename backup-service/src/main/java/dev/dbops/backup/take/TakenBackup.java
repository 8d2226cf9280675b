package dev.dbops.backup.take;

/** A published backup: where it is, its manifest and the manifest's own SHA-256. */
public record TakenBackup(String location, Manifest manifest, String manifestSha256, long sizeBytes) {
}
