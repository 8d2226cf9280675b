package dev.dbops.common.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.EventCodec;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes values without Java type headers: bytes as they are (outbox payloads, undeserializable
 * records on their way to a dead-letter topic), a {@link CloudEvent} as its JSON payload.
 */
public class DbopsValueSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof CloudEvent<?> event) {
            return EventCodec.write(event.data());
        }
        if (data instanceof String text) {
            return text.getBytes(UTF_8);
        }
        throw new IllegalArgumentException("dbops topics carry CloudEvents, not " + data.getClass().getName());
    }
}
