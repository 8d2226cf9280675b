/** The request's way from plan through backup first to run and outcome, one target at a time, with its events in the outbox. */
package dev.dbops.migration.saga;
