/**
 * The engine: the intake transaction that turns alert changes into alerts, group memberships and pending
 * deliveries, the delivery worker (claim, render, send, record outcomes) with its metrics, the sweeper of
 * what time ends, and the sender of PagerDuty change events.
 */
package dev.dbops.alert.engine;
