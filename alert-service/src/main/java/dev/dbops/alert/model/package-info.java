/**
 * The vocabulary every other package shares: alerts and what changes them, labels, matchers, notifications, and the receiver contract
 * (a receiver sends a notification, an outcome says how it went). Depends on nothing else in the service.
 */
package dev.dbops.alert.model;
