package dev.dbops.backup.flow;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.testing.TopicProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

/** Reads backup events off the wire as an operator would, checking each against its JSON Schema. */
public final class BackupEvents implements AutoCloseable {

    private final TopicProbe probe;

    public BackupEvents(String topic) {
        probe = new TopicProbe(topic);
    }

    /** Waits for an event of {@code ceType} whose payload matches, and returns its payload. */
    public JsonNode await(String ceType, Predicate<JsonNode> payload, Duration timeout) {
        List<ConsumerRecord<String, String>> records = probe.await(1,
                r -> ceType(ceType).equals(header(r, "ce_type")) && payload.test(json(r.value())), timeout);
        ConsumerRecord<String, String> record = records.get(0);
        assertValid(ceType, record.value());
        return json(record.value());
    }

    public ConsumerRecord<String, String> record(String ceType, Predicate<JsonNode> payload, Duration timeout) {
        return probe.await(1, r -> ceType(ceType).equals(header(r, "ce_type")) && payload.test(json(r.value())),
                timeout).get(0);
    }

    public List<ConsumerRecord<String, String>> all(Predicate<JsonNode> payload, Duration window) {
        return probe.drain(window).stream().filter(r -> payload.test(json(r.value()))).toList();
    }

    public static Predicate<JsonNode> field(String name, String value) {
        return node -> value.equals(node.path(name).asString(null));
    }

    public static String ceType(String name) {
        return "dev.dbops." + name + ".v1";
    }

    public static JsonNode json(String value) {
        return EventCodec.mapper().readTree(value);
    }

    public static void assertValid(String ceType, String payload) {
        String resource = "/schemas/" + ceType + ".v1.schema.json";
        try (InputStream in = BackupEvents.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(schema.validate(new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload)))
                    .as(ceType + " " + payload).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
