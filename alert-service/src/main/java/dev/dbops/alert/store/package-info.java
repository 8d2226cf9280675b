/** Alerts by fingerprint and the history of their changes, shared by the intake, the groups and the deliveries. */
package dev.dbops.alert.store;
