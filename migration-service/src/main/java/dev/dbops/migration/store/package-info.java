/** The requests table of the platform schema (migration_request: a request's status, plan and steps applied), its repository and the request gauges read from it. */
package dev.dbops.migration.store;
