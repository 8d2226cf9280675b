/** Backup age per target, from the newest BackupCompleted the intake recorded, for the backup.age rule. */
package dev.dbops.monitor.backups;
