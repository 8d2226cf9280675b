package dev.dbops.common.kafka;

import dev.dbops.common.event.Topics;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ce_source each facts topic's owning service publishes with ({@code dbops.outbox.source} of that
 * service). A fact from any other source is forged or misrouted and is dead-lettered with the reason.
 */
public record FactSources(@DefaultValue("/dbops/migration-service") String migration,
        @DefaultValue("/dbops/backup-service") String backup, @DefaultValue("/dbops/monitor-service") String monitor,
        @DefaultValue("/dbops/alert-service") String alert) {

    /** The owner's source by facts topic (without prefix). */
    public Map<String, String> byTopic() {
        return Map.of(Topics.MIGRATION_EVENTS, migration, Topics.BACKUP_EVENTS, backup, Topics.MONITOR_EVENTS, monitor,
                Topics.ALERT_EVENTS, alert);
    }
}
