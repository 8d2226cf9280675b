/** The service's settings (dbops.migration.*): project bindings and per-target policy. */
package dev.dbops.migration.config;
