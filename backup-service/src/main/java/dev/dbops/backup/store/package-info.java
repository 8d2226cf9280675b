/**
 * The backup catalog in the service's own schema: every backup with its status, files, checksums,
 * row counts, verification state, retention class and latest progress.
 */
@NullMarked
package dev.dbops.backup.store;

import org.jspecify.annotations.NullMarked;
