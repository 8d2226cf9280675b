/**
 * Restores from the catalog: a whole backup, or only named tables or schemas, into a new database
 * (or over an existing one when asked to overwrite), with validated, quoted identifiers.
 */
@NullMarked
package dev.dbops.backup.restore;

import org.jspecify.annotations.NullMarked;
