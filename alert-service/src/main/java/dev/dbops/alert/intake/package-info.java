/** Events to alerts: the mapping (pure), the listener, and the transaction that stores an alert with its deliveries. */
package dev.dbops.alert.intake;
