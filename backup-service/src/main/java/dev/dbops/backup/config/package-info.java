/**
 * The service's settings: one {@code @ConfigurationProperties} record tree, {@code dbops.backup.*}
 * ({@link dev.dbops.backup.config.BackupSettings}).
 */
@NullMarked
package dev.dbops.backup.config;

import org.jspecify.annotations.NullMarked;
