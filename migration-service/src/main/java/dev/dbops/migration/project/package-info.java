/** Migration projects in Flyway's layout bound per target (directory, zip or jar), their scripts as steps, the Flyway engine for them and its history table on the target. */
package dev.dbops.migration.project;
