/**
 * Slow queries and latency from pg_stat_statements: deltas between snapshots kept in memory (the view is never
 * reset), correct across evicted statements, stats resets and statements seen for the first time.
 */
package dev.dbops.monitor.statements;
