/** Persistence: alerts and the history of their changes, and deliveries (claims, leases, outcomes). */
package dev.dbops.alert.store;
