/** Kafka in: accepts MigrationRequested and RollbackRequested (Kafka and REST) once each, from allowed sources, as queued requests, and records the backup-service's answers to a pre-migration backup. */
package dev.dbops.migration.intake;
