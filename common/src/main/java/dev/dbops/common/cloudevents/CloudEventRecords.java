package dev.dbops.common.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Writes CloudEvents binary-mode records: the target as key, the payload as JSON, attributes as ce_* headers. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent<?> event, byte[] payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0.getBytes(UTF_8));
        headers.add(CloudEventHeaders.ID, event.id().getBytes(UTF_8));
        headers.add(CloudEventHeaders.SOURCE, event.source().getBytes(UTF_8));
        headers.add(CloudEventHeaders.TYPE, event.type().getBytes(UTF_8));
        if (event.time() != null) {
            headers.add(CloudEventHeaders.TIME, event.time().toString().getBytes(UTF_8));
        }
        headers.add(CloudEventHeaders.SUBJECT, event.subject().getBytes(UTF_8));
        if (event.correlationId() != null) {
            headers.add(CloudEventHeaders.CORRELATION_ID, event.correlationId().getBytes(UTF_8));
        }
        headers.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON.getBytes(UTF_8));
        return new ProducerRecord<>(topic, null, event.subject(), payload, headers);
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent<?> event) {
        return toRecord(topic, event, EventCodec.write(event.data()));
    }
}
