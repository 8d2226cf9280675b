/** PagerDuty Events API v2: trigger and resolve with the alert's fingerprint as dedup key. */
package dev.dbops.alert.receiver.pagerduty;
