/**
 * Proving backups: checksums re-read from the repository, {@code pg_restore --list}, and a restore
 * drill into a scratch database on the target's server whose row counts must match the manifest.
 */
@NullMarked
package dev.dbops.backup.verify;

import org.jspecify.annotations.NullMarked;
