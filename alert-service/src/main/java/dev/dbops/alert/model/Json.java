package dev.dbops.alert.model;

import dev.dbops.common.cloudevents.EventCodec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON for stored columns and receiver bodies: the contract's mapper (ISO-8601 times, nulls left out). */
public final class Json {

    private Json() {
    }

    public static JsonMapper mapper() {
        return EventCodec.mapper();
    }

    public static String write(Object value) {
        return mapper().writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return mapper().readValue(json, type);
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return mapper().readValue(json, type);
    }
}
