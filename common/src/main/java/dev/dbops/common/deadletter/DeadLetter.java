package dev.dbops.common.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.kafka.DeadLetters;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/** A record of a dead-letter topic as an operator sees it: where it is, what it was, why it is there. */
public record DeadLetter(int partition, long offset, Instant deadLetteredAt, @Nullable String ceId,
        @Nullable String ceType, @Nullable String target, @Nullable String reason) {

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                header(record, "ce_id"), header(record, "ce_type"), record.key(),
                header(record, DeadLetters.REASON_HEADER));
    }

    static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }
}
