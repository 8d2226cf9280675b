/**
 * The engine: per-target scheduling, a connection with short timeouts and a circuit breaker per target, one poll
 * cycle from checks to rules to status, and the index health refresh, so an unreachable or slow target never
 * delays the others.
 */
package dev.dbops.monitor.engine;
