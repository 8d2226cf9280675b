/** The routing tree: which receivers an alert goes to, and how its notifications are grouped and timed. */
package dev.dbops.alert.route;
