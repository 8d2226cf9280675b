/** Aggregation groups: alerts of one route and receiver with equal group labels, notified together on a schedule. */
package dev.dbops.alert.group;
