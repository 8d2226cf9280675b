/** Kafka in: the listener of the other services' events, and their mapping to alert changes (pure). */
package dev.dbops.alert.intake;
