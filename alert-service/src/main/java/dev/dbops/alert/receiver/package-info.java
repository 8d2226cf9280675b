/** Receivers: one wire format each, behind Resilience4j retry, rate limiting and circuit breaking. */
package dev.dbops.alert.receiver;
