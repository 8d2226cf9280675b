/** Slack incoming webhooks: text fallback plus Block Kit, within Slack's limits. */
package dev.dbops.alert.receiver.slack;
