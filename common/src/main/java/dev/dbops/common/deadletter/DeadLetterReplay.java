package dev.dbops.common.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.common.kafka.DeadLetters;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Reads a dead-letter topic and sends chosen records back to the topic they came from, on the same
 * partition, with their own ce_id: a consumer that processed the event already (an earlier replay) has no
 * second effect, and one that still cannot process it dead-letters it again with the reason.
 */
public class DeadLetterReplay {

    /** The header a replayed record carries: the dead letter it came from ({@code topic/partition/offset}). */
    public static final String REPLAYED_FROM_HEADER = "dbops_replayed_from";
    /** At most this many records per listing or range replay: a larger range is replayed in several calls. */
    static final int MAX_RECORDS = 1000;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> consumerProperties;
    private final KafkaOperations<String, Object> kafka;
    private final TopicNames names;

    public DeadLetterReplay(Map<String, Object> consumerProperties, KafkaOperations<String, Object> kafka,
            TopicNames names) {
        this.consumerProperties = consumerProperties;
        this.kafka = kafka;
        this.names = names;
    }

    /** The dead letters of {@code topic} (a dbops topic, e.g. dbops.backup.requests) dead-lettered in [from, to). */
    public List<DeadLetter> list(String topic, @Nullable Instant from, @Nullable Instant to) {
        return read(topic, from, to).stream().map(DeadLetter::of).toList();
    }

    /** Sends one dead letter back; fails when there is none at that partition and offset. */
    public DeadLetter replay(String topic, int partition, long offset) {
        String deadLetterTopic = deadLetterTopic(topic);
        TopicPartition tp = new TopicPartition(deadLetterTopic, partition);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (offset < 0 || offset >= end) {
                throw new IllegalArgumentException("no dead letter at offset " + offset + " of " + tp);
            }
            consumer.seek(tp, offset);
            List<ConsumerRecord<String, byte[]>> found = poll(consumer, Map.of(tp, offset + 1), r -> r.offset() == offset);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no dead letter at offset " + offset + " of " + tp
                        + " (removed by retention or compaction)");
            }
            send(topic, found);
            return DeadLetter.of(found.get(0));
        }
    }

    /** Sends every dead letter of {@code topic} dead-lettered in [from, to) back, in order per partition. */
    public List<DeadLetter> replay(String topic, Instant from, @Nullable Instant to) {
        List<ConsumerRecord<String, byte[]>> records = read(topic, from, to);
        send(topic, records);
        return records.stream().map(DeadLetter::of).toList();
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, @Nullable Instant from, @Nullable Instant to) {
        String deadLetterTopic = deadLetterTopic(topic);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            if (to != null) {
                offsetsAt(consumer, partitions, to).forEach((tp, offset) -> {
                    if (offset != null) {
                        ends.put(tp, offset.offset());
                    }
                });
            }
            Map<TopicPartition, OffsetAndTimestamp> starts = from == null ? Map.of() : offsetsAt(consumer, partitions, from);
            for (TopicPartition tp : partitions) {
                if (from == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else if (starts.get(tp) == null) {
                    ends.put(tp, 0L); // nothing dead-lettered there since `from`
                } else {
                    consumer.seek(tp, starts.get(tp).offset());
                }
            }
            return poll(consumer, ends, r -> true);
        }
    }

    private static Map<TopicPartition, OffsetAndTimestamp> offsetsAt(KafkaConsumer<?, ?> consumer,
            List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        return consumer.offsetsForTimes(query);
    }

    /** Polls until each partition reached its end offset (exclusive); keeps the records {@code wanted} accepts. */
    private static List<ConsumerRecord<String, byte[]>> poll(KafkaConsumer<String, byte[]> consumer,
            Map<TopicPartition, Long> ends, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the dead-letter topic could not be read within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.getOrDefault(tp, 0L) && wanted.test(record)) {
                    records.add(record);
                    if (records.size() > MAX_RECORDS) {
                        throw new IllegalArgumentException("more than " + MAX_RECORDS
                                + " dead letters in this range; replay a shorter one");
                    }
                }
            }
        }
        return records;
    }

    private void send(String topic, List<ConsumerRecord<String, byte[]>> records) {
        String original = names.of(topic);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                if (!header.key().startsWith("kafka_dlt-") && !header.key().equals(DeadLetters.REASON_HEADER)
                        && !header.key().equals(REPLAYED_FROM_HEADER)) {
                    headers.add(header);
                }
            }
            headers.add(REPLAYED_FROM_HEADER,
                    (record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(UTF_8));
            sends.add(kafka.send(new ProducerRecord<>(original, record.partition(), record.key(), record.value(), headers)));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(READ_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the replayed records; replaying again is safe", e);
        }
        log.info("Replayed {} dead letter(s) of {} onto {}", records.size(), names.deadLetterOf(topic), original);
    }

    private String deadLetterTopic(String topic) {
        if (!Topics.ALL.contains(topic)) {
            throw new IllegalArgumentException("unknown topic '" + topic + "'; one of " + Topics.ALL);
        }
        return names.deadLetterOf(topic);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dbops-dead-letter-replay-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
