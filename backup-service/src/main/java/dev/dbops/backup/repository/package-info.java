/**
 * Where backups are kept: a directory today, behind {@link dev.dbops.backup.repository.BackupRepository}
 * so that an S3-compatible store can implement it later.
 */
@NullMarked
package dev.dbops.backup.repository;

import org.jspecify.annotations.NullMarked;
