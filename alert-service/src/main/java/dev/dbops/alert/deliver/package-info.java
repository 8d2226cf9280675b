/** Persisted deliveries and the worker that renders, sends, retries and fails them over. */
package dev.dbops.alert.deliver;
