/**
 * The configured receivers, one wire format each (sub-packages), behind Resilience4j retry, rate limiting
 * and circuit breaking.
 */
package dev.dbops.alert.receiver;
