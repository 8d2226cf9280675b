/** A generic JSON webhook, Alertmanager's format plus the delivery id. */
package dev.dbops.alert.receiver.webhook;
