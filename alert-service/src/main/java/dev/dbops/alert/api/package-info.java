/** REST: alerts and their history, deliveries, silences, receiver health, migration windows. */
package dev.dbops.alert.api;
