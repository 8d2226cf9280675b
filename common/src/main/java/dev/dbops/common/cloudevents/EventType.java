package dev.dbops.common.cloudevents;

import dev.dbops.common.event.DbopsEvent;

/**
 * How one event appears on the wire.
 *
 * @param name the event name in kebab case, e.g. {@code backup-completed}
 * @param ceType the CloudEvents type, e.g. {@code dev.dbops.backup-completed.v1}
 * @param topic the dbops topic (without prefix) the event is published to
 */
public record EventType(Class<? extends DbopsEvent> javaType, String name, String ceType, String topic) {

    static EventType of(Class<? extends DbopsEvent> javaType, String topic) {
        String name = kebab(javaType.getSimpleName());
        return new EventType(javaType, name, "dev.dbops." + name + ".v1", topic);
    }

    /** The file name of this type's JSON Schema under {@code schemas/}. */
    public String schemaFile() {
        return name + ".v1.schema.json";
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
