/** Inhibition: alerts muted by other firing alerts, and by a migration running on their target. */
package dev.dbops.alert.inhibit;
