/**
 * CloudEvents 1.0 Kafka binding, binary mode: attributes in {@code ce_*} headers, the payload as JSON,
 * the target id as key. No Java type headers ever reach the wire.
 */
package dev.dbops.common.cloudevents;
