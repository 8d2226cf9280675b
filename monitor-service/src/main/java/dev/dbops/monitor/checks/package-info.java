/**
 * The SQL probes run on a target at every poll (activity, database counters, statements) or less often (size,
 * tables): each turns what the catalog says into readings for the rules and values for the metrics.
 */
package dev.dbops.monitor.checks;
