/**
 * The backup catalog in the service's own schema: every backup with its status, files, checksums,
 * row counts, verification state and retention class.
 */
@NullMarked
package dev.dbops.backup.catalog;

import org.jspecify.annotations.NullMarked;
