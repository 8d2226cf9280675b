/** The REST surface: request, rollback, plan, history, pending steps, request status. */
package dev.dbops.migration.api;
