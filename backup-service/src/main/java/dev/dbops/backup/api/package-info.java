/** REST: list and inspect the catalog, ask for backups, verifications and restores. */
@NullMarked
package dev.dbops.backup.api;

import org.jspecify.annotations.NullMarked;
