package dev.dbops.common.kafka;

import dev.dbops.common.event.Topics;

/**
 * Resolves a dbops topic to its name on the broker. The prefix (empty by default) lets several
 * stacks, or test classes, share one cluster; listeners refer to {@code #{@topicNames.migrationRequests}}.
 */
public record TopicNames(String prefix) {

    public String of(String topic) {
        return prefix + topic;
    }

    public String deadLetterOf(String topic) {
        return Topics.deadLetter(of(topic));
    }

    public String migrationRequests() {
        return of(Topics.MIGRATION_REQUESTS);
    }

    public String migrationEvents() {
        return of(Topics.MIGRATION_EVENTS);
    }

    public String backupRequests() {
        return of(Topics.BACKUP_REQUESTS);
    }

    public String backupEvents() {
        return of(Topics.BACKUP_EVENTS);
    }

    public String monitorEvents() {
        return of(Topics.MONITOR_EVENTS);
    }

    public String alertEvents() {
        return of(Topics.ALERT_EVENTS);
    }
}
