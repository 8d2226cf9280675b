/**
 * Accepting backup and restore requests from Kafka, REST and the per-target cron schedules: each request once,
 * queued per target for the engine.
 */
@NullMarked
package dev.dbops.backup.intake;

import org.jspecify.annotations.NullMarked;
