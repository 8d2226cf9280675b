/**
 * The service's settings, one record tree under {@code dbops.monitor} ({@code MonitorSettings}), and the wiring
 * that has no better home (the rule book built from them).
 */
package dev.dbops.monitor.config;
