/**
 * The event contract: one record per event, one sealed interface per domain.
 * Payloads evolve additively; a breaking change is a new type ({@code .v2}).
 */
package dev.dbops.common.event;
