/** Alertmanager's alerts, pure: Prometheus's and Alertmanager's posted alerts to alert changes, with Prometheus's label fingerprint. */
package dev.dbops.alert.alertmanager;
