/**
 * Transactional outbox: events are stored with the state change and relayed to Kafka in order.
 * Hand-written (about 150 lines) rather than Spring Modulith's publication registry because dbops
 * needs per-target order across restarts and instances, which Modulith's per-event asynchronous
 * republication does not keep.
 */
package dev.dbops.common.outbox;
