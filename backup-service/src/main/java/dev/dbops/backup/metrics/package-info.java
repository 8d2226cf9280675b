/** The service's own Micrometer meters: backup, restore and drill durations by target and outcome, backup sizes. */
package dev.dbops.backup.metrics;
