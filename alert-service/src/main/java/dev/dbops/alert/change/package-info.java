/** PagerDuty change events for changes to targets (migrations applied or rolled back), as stored until accepted. */
package dev.dbops.alert.change;
