/** PagerDuty change events for changes to targets (migrations applied or rolled back), stored and sent until accepted. */
package dev.dbops.alert.change;
