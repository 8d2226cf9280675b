/**
 * Grandfather-father-son retention. {@link dev.dbops.backup.retention.GfsPolicy} decides, as pure code,
 * which backups of a target to keep and which to expire; {@link dev.dbops.backup.retention.RetentionRunner}
 * applies the decision to repository and catalog.
 */
@NullMarked
package dev.dbops.backup.retention;

import org.jspecify.annotations.NullMarked;
