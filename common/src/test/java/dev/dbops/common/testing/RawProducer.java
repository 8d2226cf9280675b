package dev.dbops.common.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.cloudevents.EventType;
import dev.dbops.common.cloudevents.EventTypes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces records byte by byte as kcat or a Python client would: no dbops code on the producing side. */
public final class RawProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

    /**
     * The headers a well-behaved producer sends, per docs/asyncapi.yaml: a requester, or for a fact the
     * service that owns it (its default ce_source, e.g. /dbops/backup-service for a backup fact).
     */
    public static Map<String, String> cloudEventHeaders(String ceType, String target) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_source", EventTypes.byCeType(ceType).map(RawProducer::source).orElse("/dbops/test-producer"));
        headers.put("ce_type", ceType);
        headers.put("ce_time", Instant.now().toString());
        headers.put("ce_subject", target);
        headers.put("content-type", "application/json");
        return headers;
    }

    private static String source(EventType type) {
        String[] topic = type.topic().split("\\.");
        return "events".equals(topic[2]) ? "/dbops/" + topic[1] + "-service" : "/dbops/test-producer";
    }

    public void send(String topic, String key, Map<String, String> headers, String value) {
        send(topic, null, key, headers, value);
    }

    public void send(String topic, Integer partition, String key, Map<String, String> headers, String value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(UTF_8)));
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value == null ? null : value.getBytes(UTF_8),
                    recordHeaders)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
