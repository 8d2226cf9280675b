package dev.dbops.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.cloudevents.EventType;
import dev.dbops.common.cloudevents.EventTypes;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives each event's JSON Schema from its record, the way {@link EventCodec} reads and writes it:
 * components not marked {@code @Nullable} are required. The committed schemas must equal what this
 * derives (EventContractTest); after an additive change to a record, run {@link #main} to rewrite them.
 */
public final class EventSchemas {

    static final Path DIRECTORY = Path.of("src/main/resources/schemas");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventSchemas() {
    }

    public static void main(String[] args) throws Exception {
        JsonMapper pretty = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.createDirectories(DIRECTORY);
        for (EventType type : EventTypes.ALL) {
            Files.writeString(DIRECTORY.resolve(type.schemaFile()), pretty.writeValueAsString(schema(type)) + "\n");
        }
    }

    static ObjectNode schema(EventType type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://dbops.dev/schemas/" + type.schemaFile());
        schema.put("title", type.javaType().getSimpleName());
        schema.put("description", "Payload of " + type.ceType() + " on topic " + type.topic()
                + "; the record key is the target id.");
        schema.setAll(objectSchema(type.javaType()));
        return schema;
    }

    private static ObjectNode objectSchema(Class<?> record) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        ArrayNode required = schema.putArray("required");
        ObjectNode properties = schema.putObject("properties");
        for (RecordComponent component : record.getRecordComponents()) {
            boolean nullable = EventCodec.isNullable(component);
            ObjectNode property = typeSchema(component.getGenericType());
            if (nullable) {
                property.set("type", NODES.arrayNode().add(property.get("type").asString()).add("null"));
            } else if (!component.getType().isPrimitive()) {
                required.add(component.getName());
            }
            properties.set(component.getName(), property);
        }
        // Payloads evolve additively: readers must accept fields they do not know yet.
        schema.put("additionalProperties", true);
        return schema;
    }

    private static ObjectNode typeSchema(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                ObjectNode array = NODES.objectNode().put("type", "array");
                array.set("items", typeSchema(p.getActualTypeArguments()[0]));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = NODES.objectNode().put("type", "object");
                Type value = p.getActualTypeArguments()[1];
                if (value != Object.class) {
                    map.set("additionalProperties", typeSchema(value));
                }
                return map;
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return NODES.objectNode().put("type", "string");
        }
        if (c == Instant.class) {
            return NODES.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == boolean.class || c == Boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return NODES.objectNode().put("type", "integer");
        }
        if (c == double.class || c == Double.class) {
            return NODES.objectNode().put("type", "number");
        }
        if (c.isEnum()) {
            ObjectNode e = NODES.objectNode().put("type", "string");
            ArrayNode values = e.putArray("enum");
            for (Field constant : c.getFields()) {
                if (constant.isEnumConstant()) {
                    JsonProperty name = constant.getAnnotation(JsonProperty.class);
                    values.add(name != null ? name.value() : constant.getName());
                }
            }
            return e;
        }
        if (c.isRecord()) {
            return objectSchema(c);
        }
        throw new IllegalArgumentException("no JSON Schema mapping for " + type);
    }
}
