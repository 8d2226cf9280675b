/**
 * When a threshold breaches, changes severity or resolves: pure evaluation of readings against warning and
 * critical levels with hysteresis (N evaluations to breach, M to clear). No Spring, no JDBC in here.
 */
package dev.dbops.monitor.rules;
