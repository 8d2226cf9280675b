package dev.dbops.common.event;

import java.util.List;

/** The six dbops topics. Requests and facts are separate so ACLs can let many ask while one service states. */
public final class Topics {

    public static final String MIGRATION_REQUESTS = "dbops.migration.requests";
    public static final String MIGRATION_EVENTS = "dbops.migration.events";
    public static final String BACKUP_REQUESTS = "dbops.backup.requests";
    public static final String BACKUP_EVENTS = "dbops.backup.events";
    public static final String MONITOR_EVENTS = "dbops.monitor.events";
    public static final String ALERT_EVENTS = "dbops.alert.events";

    public static final List<String> ALL = List.of(MIGRATION_REQUESTS, MIGRATION_EVENTS, BACKUP_REQUESTS,
            BACKUP_EVENTS, MONITOR_EVENTS, ALERT_EVENTS);

    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
