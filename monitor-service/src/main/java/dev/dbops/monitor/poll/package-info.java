/**
 * Per-target scheduling: every target has its own scheduled task, a connection with short timeouts and a circuit
 * breaker, so an unreachable or slow target never delays the others.
 */
package dev.dbops.monitor.poll;
