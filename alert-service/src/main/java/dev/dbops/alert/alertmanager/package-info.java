/** Alertmanager's interfaces on dbops: alerts from Prometheus and Alertmanager in, silences in its v2 API format for amtool. */
package dev.dbops.alert.alertmanager;
