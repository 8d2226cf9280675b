/**
 * The breaches the rules open, change and resolve on each target: kept in the service's schema and published
 * through the outbox in the transaction that records them, so a restart neither re-emits nor forgets one.
 */
package dev.dbops.monitor.breaches;
