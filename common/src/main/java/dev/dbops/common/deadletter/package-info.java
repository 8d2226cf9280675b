/**
 * Dead letters an operator inspects and replays once the cause is fixed: one record or a time range, back
 * onto the topic it came from, idempotently (consumers process a ce_id once). REST at {@code /api/dead-letters}.
 */
package dev.dbops.common.deadletter;
