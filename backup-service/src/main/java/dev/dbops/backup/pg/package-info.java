/** Running PostgreSQL's client tools (pg_dump, pg_restore) against a target, with its password out of sight. */
@NullMarked
package dev.dbops.backup.pg;

import org.jspecify.annotations.NullMarked;
