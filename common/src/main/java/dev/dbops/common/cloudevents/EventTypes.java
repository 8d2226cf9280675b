package dev.dbops.common.cloudevents;

import static dev.dbops.common.event.Topics.ALERT_EVENTS;
import static dev.dbops.common.event.Topics.BACKUP_EVENTS;
import static dev.dbops.common.event.Topics.BACKUP_REQUESTS;
import static dev.dbops.common.event.Topics.MIGRATION_EVENTS;
import static dev.dbops.common.event.Topics.MIGRATION_REQUESTS;
import static dev.dbops.common.event.Topics.MONITOR_EVENTS;

import dev.dbops.common.event.*;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog of every event type: its CloudEvents type and its topic. */
public final class EventTypes {

    public static final List<EventType> ALL = List.of(
            EventType.of(MigrationRequested.class, MIGRATION_REQUESTS),
            EventType.of(RollbackRequested.class, MIGRATION_REQUESTS),
            EventType.of(MigrationPlanned.class, MIGRATION_EVENTS),
            EventType.of(MigrationStarted.class, MIGRATION_EVENTS),
            EventType.of(MigrationCompleted.class, MIGRATION_EVENTS),
            EventType.of(MigrationFailed.class, MIGRATION_EVENTS),
            EventType.of(MigrationRolledBack.class, MIGRATION_EVENTS),
            EventType.of(BackupRequested.class, BACKUP_REQUESTS),
            EventType.of(RestoreRequested.class, BACKUP_REQUESTS),
            EventType.of(BackupStarted.class, BACKUP_EVENTS),
            EventType.of(BackupProgress.class, BACKUP_EVENTS),
            EventType.of(BackupCompleted.class, BACKUP_EVENTS),
            EventType.of(BackupFailed.class, BACKUP_EVENTS),
            EventType.of(BackupVerified.class, BACKUP_EVENTS),
            EventType.of(BackupVerificationFailed.class, BACKUP_EVENTS),
            EventType.of(BackupExpired.class, BACKUP_EVENTS),
            EventType.of(BackupExpiryRefused.class, BACKUP_EVENTS),
            EventType.of(RestoreProgress.class, BACKUP_EVENTS),
            EventType.of(RestoreCompleted.class, BACKUP_EVENTS),
            EventType.of(RestoreFailed.class, BACKUP_EVENTS),
            EventType.of(SlowQueryDetected.class, MONITOR_EVENTS),
            EventType.of(ThresholdBreached.class, MONITOR_EVENTS),
            EventType.of(ThresholdResolved.class, MONITOR_EVENTS),
            EventType.of(AlertNotified.class, ALERT_EVENTS),
            EventType.of(AlertDeliveryFailed.class, ALERT_EVENTS));

    private static final Map<String, EventType> BY_CE_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

    private EventTypes() {
    }

    public static Optional<EventType> byCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    public static EventType of(Class<? extends DbopsEvent> javaType) {
        EventType type = BY_CLASS.get(javaType);
        if (type == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not in the event catalog");
        }
        return type;
    }

    public static EventType of(DbopsEvent event) {
        return of(event.getClass());
    }
}
