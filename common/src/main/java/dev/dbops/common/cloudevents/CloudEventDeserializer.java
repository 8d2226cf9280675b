package dev.dbops.common.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.event.DbopsEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CloudEvents binary-mode record into a {@link CloudEvent}. Never uses Java type headers, so a
 * record written by kcat or Python per docs/asyncapi.yaml is understood. Wrapped by Spring's
 * ErrorHandlingDeserializer, whatever it rejects reaches the dead-letter topic with the reason.
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent<?>> {

    /** Larger payloads are rejected: no dbops event comes close, and a huge one is an attack or a mistake. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final int maxPayloadBytes;
    private final Map<String, String> factOwners;

    /** A reader for tools: any source may state any fact. */
    public CloudEventDeserializer() {
        this(DEFAULT_MAX_PAYLOAD_BYTES, Map.of());
    }

    /**
     * @param factOwners the ce_source of the owning service by facts topic (without prefix): a fact
     *     published to such a topic from another source is rejected
     */
    public CloudEventDeserializer(int maxPayloadBytes, Map<String, String> factOwners) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.factOwners = Map.copyOf(factOwners);
    }

    @Override
    public CloudEvent<?> deserialize(String topic, byte[] data) {
        throw new InvalidEventException("record has no headers; dbops events use CloudEvents binary mode");
    }

    @Override
    public CloudEvent<?> deserialize(String topic, Headers headers, byte[] data) {
        String specVersion = required(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new InvalidEventException("unsupported ce_specversion '" + specVersion + "', expected 1.0");
        }
        String ceType = required(headers, CloudEventHeaders.TYPE);
        EventType type = EventTypes.byCeType(ceType)
                .orElseThrow(() -> new InvalidEventException("unknown ce_type '" + ceType + "'"));
        String source = required(headers, CloudEventHeaders.SOURCE);
        String owner = factOwners.get(type.topic());
        if (owner != null && !owner.equals(source)) {
            throw new InvalidEventException(ceType + " from source '" + source + "': only its owner '" + owner
                    + "' states facts on " + type.topic());
        }
        String contentType = header(headers, CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(CloudEventHeaders.APPLICATION_JSON)) {
            throw new InvalidEventException("unsupported content-type '" + contentType + "', expected application/json");
        }
        if (data == null || data.length == 0) {
            throw new InvalidEventException("record of type " + ceType + " has no payload");
        }
        if (data.length > maxPayloadBytes) {
            throw new InvalidEventException("payload of " + data.length + " bytes exceeds the limit of "
                    + maxPayloadBytes + " bytes");
        }
        DbopsEvent event = EventCodec.read(type, data);
        String subject = header(headers, CloudEventHeaders.SUBJECT);
        if (subject != null && !subject.equals(event.target())) {
            throw new InvalidEventException("ce_subject '" + subject + "' does not match the payload's target '"
                    + event.target() + "'");
        }
        return new CloudEvent<>(required(headers, CloudEventHeaders.ID), source, ceType, time(headers), event.target(), header(headers, CloudEventHeaders.CORRELATION_ID), event);
    }

    private static @Nullable Instant time(Headers headers) {
        String time = header(headers, CloudEventHeaders.TIME);
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("ce_time '" + time + "' is not an RFC 3339 timestamp");
        }
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("required header '" + name + "' is missing");
        }
        return value;
    }

    static @Nullable String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }
}
