/** Configuration: the one {@code dbops.alert} record tree ({@link dev.dbops.alert.config.AlertSettings}), as written; depends on nothing else in the service. */
package dev.dbops.alert.config;
