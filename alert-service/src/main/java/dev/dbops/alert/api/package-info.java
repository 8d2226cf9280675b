/**
 * REST: alerts and their history, deliveries, silences, receiver health, migration windows; and
 * Alertmanager's interfaces (alerts from Prometheus and Alertmanager in, silences in its v2 API for amtool).
 */
package dev.dbops.alert.api;
