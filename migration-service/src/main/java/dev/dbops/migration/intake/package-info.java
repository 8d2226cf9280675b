/** Accepts MigrationRequested and RollbackRequested (Kafka and REST) once each, from allowed sources, as queued requests. */
package dev.dbops.migration.intake;
