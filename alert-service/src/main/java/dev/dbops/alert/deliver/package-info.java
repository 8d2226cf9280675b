/** What a delivery says: a claimed delivery rendered into its notification after grouping, inhibition, migration windows and silences. */
package dev.dbops.alert.deliver;
