/** The latest of everything the monitor knows per target, for REST and Prometheus. */
package dev.dbops.monitor.status;
