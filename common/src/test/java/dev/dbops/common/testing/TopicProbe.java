package dev.dbops.common.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with a plain consumer, the way an operator's kcat would, so tests
 * see exactly what is on the wire.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicProbe(String... topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics));
    }

    /** Polls until {@code count} records matching {@code filter} arrived, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> await(int count, Predicate<ConsumerRecord<String, String>> filter,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<String, String>> matching = seen.stream().filter(filter).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching records within " + timeout + ", saw "
                        + matching.size() + " of " + seen.size() + ": " + describe(seen));
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    public List<ConsumerRecord<String, String>> await(int count, Duration timeout) {
        return await(count, r -> true, timeout);
    }

    /** Everything that arrives within {@code window}: for asserting that nothing (more) was published. */
    public List<ConsumerRecord<String, String>> drain(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static String describe(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.topic() + "/" + r.key() + "/" + header(r, "ce_type")).toList().toString();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
