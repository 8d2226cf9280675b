/** Lock-safe execution: lock_timeout and statement_timeout per step, retries with back-off and jitter, blockers named, INVALID indexes dropped. */
package dev.dbops.migration.execute;
