package dev.dbops.common.event;

/**
 * Every event on a dbops topic. The target id is the record key, so events of one target keep
 * their order on one partition.
 */
public sealed interface DbopsEvent permits MigrationEvent, BackupEvent, MonitorEvent, AlertEvent {

    String target();
}
