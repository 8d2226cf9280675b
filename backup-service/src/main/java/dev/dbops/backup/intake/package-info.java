/** Accepting backup and restore requests from Kafka, REST and schedules: each request once, queued per target. */
@NullMarked
package dev.dbops.backup.intake;

import org.jspecify.annotations.NullMarked;
