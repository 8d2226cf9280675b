/**
 * How the service runs PostgreSQL's tools (common's {@code PgTools} with its settings) and the SQL it runs itself:
 * validated, quoted identifiers and the tag that marks its own statements.
 */
@NullMarked
package dev.dbops.backup.pg;

import org.jspecify.annotations.NullMarked;
