/**
 * Kafka in: BackupCompleted events of dbops.backup.events, consumed once each through the inbox; other backup
 * events and targets this monitor does not watch are ignored, not dead-lettered.
 */
package dev.dbops.monitor.intake;
