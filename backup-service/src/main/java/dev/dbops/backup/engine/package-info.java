/**
 * Per-target work: queued backups and restores, then due verifications, then retention, one target
 * at a time across all instances (a PostgreSQL advisory lock on the platform database), and recovery
 * of what a crashed instance left running.
 */
@NullMarked
package dev.dbops.backup.engine;

import org.jspecify.annotations.NullMarked;
