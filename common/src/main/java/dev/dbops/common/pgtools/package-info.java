/**
 * PostgreSQL's client tools (pg_dump, pg_restore, psql) run against a target: its JDBC URL as libpq's
 * environment, the password never on a command line, a timeout, and secrets redacted from what the tool says.
 */
package dev.dbops.common.pgtools;
