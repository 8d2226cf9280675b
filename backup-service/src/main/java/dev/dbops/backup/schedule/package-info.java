/** Per-target cron schedules that queue backups with reason {@code scheduled}. */
@NullMarked
package dev.dbops.backup.schedule;

import org.jspecify.annotations.NullMarked;
