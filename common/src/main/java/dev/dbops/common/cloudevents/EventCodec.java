package dev.dbops.common.cloudevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dbops.common.event.DbopsEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event payloads to and from JSON. The mapping is fixed here rather than taken from a service's
 * ObjectMapper, so the wire format cannot drift with one service's settings: ISO-8601 times,
 * absent optional fields left out, unknown fields ignored (payloads evolve additively), and absent
 * flags and counts read as false and 0, as the schemas (which never require a primitive) promise.
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private EventCodec() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(DbopsEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static String writeString(DbopsEvent event) {
        return MAPPER.writeValueAsString(event);
    }

    /** Reads a payload of the given type; rejects malformed JSON and missing required fields with the reason. */
    public static DbopsEvent read(EventType type, byte[] json) {
        DbopsEvent event;
        try {
            event = MAPPER.readValue(json, type.javaType());
        } catch (JacksonException e) {
            throw new InvalidEventException("payload is not a valid " + type.ceType() + ": "
                    + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new InvalidEventException("payload of " + type.ceType() + " is empty (JSON null)");
        }
        requireFields(event, "");
        return event;
    }

    /** Every record component not marked {@code @Nullable} is required, recursively: the schema says the same. */
    static void requireFields(Object value, String path) {
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field;
            try {
                field = component.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String fieldPath = path + component.getName();
            if (field == null) {
                if (!isNullable(component)) {
                    throw new InvalidEventException("required field '" + fieldPath + "' is missing");
                }
                continue;
            }
            if (field.getClass().isRecord()) {
                requireFields(field, fieldPath + ".");
            } else if (field instanceof Collection<?> items && isRecordElement(component.getGenericType())) {
                int i = 0;
                for (Object item : items) {
                    if (item == null) {
                        throw new InvalidEventException("field '" + fieldPath + "[" + i + "]' is null");
                    }
                    requireFields(item, fieldPath + "[" + i++ + "].");
                }
            }
        }
    }

    public static boolean isNullable(RecordComponent component) {
        return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private static boolean isRecordElement(Type type) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c
                && c.isRecord();
    }
}
