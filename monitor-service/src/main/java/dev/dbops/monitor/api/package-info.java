/** REST: each target's current status, breaches, slow queries and index health; the scheduler's own figures. */
package dev.dbops.monitor.api;
