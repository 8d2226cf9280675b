/** Undo scripts U<version>__*.sql, which Flyway community does not run, recorded in the target's Flyway history. */
package dev.dbops.migration.undo;
