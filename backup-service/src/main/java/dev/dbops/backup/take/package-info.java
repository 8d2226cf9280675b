/**
 * Taking a backup: pg_dump in directory format from an exported snapshot, row counts in that same
 * snapshot, a SHA-256 per file and a manifest, published whole into the repository.
 */
@NullMarked
package dev.dbops.backup.take;

import org.jspecify.annotations.NullMarked;
