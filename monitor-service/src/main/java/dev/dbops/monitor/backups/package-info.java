/** Backup age per target, from the BackupCompleted events of dbops.backup.events, consumed idempotently. */
package dev.dbops.monitor.backups;
