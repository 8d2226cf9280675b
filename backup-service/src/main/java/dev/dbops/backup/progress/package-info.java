/**
 * Progress of long backups and restores: a report every {@code dbops.backup.progress.interval} while the work
 * runs, and the rate and ETA arithmetic behind BackupProgress and RestoreProgress.
 */
package dev.dbops.backup.progress;
