package dev.dbops.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.cloudevents.EventType;
import dev.dbops.common.cloudevents.EventTypes;
import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Java records, the JSON Schemas and docs/asyncapi.yaml name the same events and fields. */
class EventContractTest {

    private static final Path ASYNCAPI = Path.of("../docs/asyncapi.yaml");
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theCatalogCoversEverySealedEventType() {
        Set<Class<?>> sealed = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(DbopsEvent.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isRecord()) {
                sealed.add(c);
            } else {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            }
        }
        assertThat(EventTypes.ALL).<Class<?>>extracting(EventType::javaType).containsExactlyInAnyOrderElementsOf(sealed);
        assertThat(SampleEvents.all("orders")).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(sealed);
    }

    @Test
    void ceTypesAreKebabCaseVersionOne() {
        assertThat(EventTypes.of(dev.dbops.common.event.MigrationRequested.class).ceType())
                .isEqualTo("dev.dbops.migration-requested.v1");
        assertThat(EventTypes.of(dev.dbops.common.event.ThresholdBreached.class).ceType())
                .isEqualTo("dev.dbops.threshold-breached.v1");
        assertThat(EventTypes.ALL).allSatisfy(t -> assertThat(t.ceType()).matches("dev\\.dbops\\.[a-z]+(-[a-z]+)*\\.v1"));
    }

    @Test
    void committedSchemasAreTheOnesDerivedFromTheRecords() throws IOException {
        Set<String> files;
        try (var list = Files.list(EventSchemas.DIRECTORY)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(
                EventTypes.ALL.stream().map(EventType::schemaFile).toList());
        for (EventType type : EventTypes.ALL) {
            JsonNode committed = json.readTree(EventSchemas.DIRECTORY.resolve(type.schemaFile()).toFile());
            assertThat(committed).as("%s (run EventSchemas.main to regenerate)", type.schemaFile())
                    .isEqualTo(EventSchemas.schema(type));
        }
    }

    @Test
    void everyEventTheCodeWritesValidatesAgainstItsSchema() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        ObjectMapper jackson2 = new ObjectMapper();
        for (DbopsEvent event : SampleEvents.all("orders")) {
            EventType type = EventTypes.of(event);
            JsonSchema schema = factory.getSchema(Files.readString(EventSchemas.DIRECTORY.resolve(type.schemaFile())));
            Set<ValidationMessage> errors = schema.validate(jackson2.readTree(EventCodec.write(event)));
            assertThat(errors).as(type.ceType()).isEmpty();
        }
    }

    @Test
    void aSchemaRejectsAPayloadWithoutARequiredField() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(EventSchemas.DIRECTORY.resolve("backup-completed.v1.schema.json")));
        assertThat(schema.validate(new ObjectMapper().readTree("{\"backupId\":\"b\",\"target\":\"t\"}"))).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncApiDocumentsEveryTopicAndEventWithItsSchema() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(ASYNCAPI));
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        Map<String, Set<String>> messagesByTopic = new LinkedHashMap<>();
        channels.values().forEach(channel -> messagesByTopic.put((String) channel.get("address"),
                ((Map<String, Object>) channel.get("messages")).keySet()));

        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (EventType type : EventTypes.ALL) {
            expected.computeIfAbsent(type.topic(), t -> new HashSet<>()).add(type.javaType().getSimpleName());
            expected.put(type.topic() + "-dlt", Set.of("DeadLetter"));
        }
        assertThat(messagesByTopic).isEqualTo(expected);

        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) doc.get("components")).get("messages");
        for (EventType type : EventTypes.ALL) {
            Map<String, Object> message = messages.get(type.javaType().getSimpleName());
            assertThat(message).as(type.ceType()).isNotNull();
            assertThat(message.get("title")).isEqualTo(type.ceType());
            String ref = (String) ((Map<String, Object>) message.get("payload")).get("$ref");
            assertThat(ASYNCAPI.getParent().resolve(ref)).as(ref).exists();
            assertThat(ref).endsWith("/" + type.schemaFile());
        }
    }
}
