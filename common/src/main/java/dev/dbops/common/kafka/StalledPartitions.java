package dev.dbops.common.kafka;

import dev.dbops.common.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;

/**
 * The partitions whose next record keeps failing for a transient reason (platform database, target or
 * broker away) and is being retried. A partition stays stalled until a record of it is processed or
 * dead-lettered; one not retried for {@code forgetAfter} (revoked in a rebalance) no longer counts.
 */
public class StalledPartitions implements RetryListener {

    /** What an operator sees in the health details: no exception message, which may name a host. */
    public record Stall(long offset, Instant since, Instant lastAttempt, int attempts, String failure) {
    }

    private final Map<TopicPartition, Stall> stalls = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration forgetAfter;

    public StalledPartitions(Clock clock, Duration forgetAfter) {
        this.clock = clock;
        this.forgetAfter = forgetAfter;
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
        Instant now = clock.instant();
        stalls.merge(new TopicPartition(record.topic(), record.partition()),
                new Stall(record.offset(), now, now, deliveryAttempt, failure(ex)),
                (old, fresh) -> old.offset() == fresh.offset()
                        ? new Stall(old.offset(), old.since(), now, deliveryAttempt, fresh.failure()) : fresh);
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
        cleared(record);
    }

    /** The stalls retried recently, by partition ({@code topic-partition}). */
    public Map<String, Stall> current() {
        Instant oldest = clock.instant().minus(forgetAfter);
        Map<String, Stall> current = new TreeMap<>();
        stalls.forEach((partition, stall) -> {
            if (stall.lastAttempt().isAfter(oldest)) {
                current.put(partition.toString(), stall);
            }
        });
        return current;
    }

    /** Clears the stall of a record processed by a record listener. */
    public RecordInterceptor<String, CloudEvent<?>> recordSuccess() {
        return new RecordInterceptor<>() {
            @Override
            public ConsumerRecord<String, CloudEvent<?>> intercept(ConsumerRecord<String, CloudEvent<?>> record,
                    Consumer<String, CloudEvent<?>> consumer) {
                return record;
            }

            @Override
            public void success(ConsumerRecord<String, CloudEvent<?>> record, Consumer<String, CloudEvent<?>> consumer) {
                cleared(record);
            }
        };
    }

    /** Clears the stalls of the partitions of a batch a batch listener processed. */
    public BatchInterceptor<String, CloudEvent<?>> batchSuccess() {
        return new BatchInterceptor<>() {
            @Override
            public ConsumerRecords<String, CloudEvent<?>> intercept(ConsumerRecords<String, CloudEvent<?>> records,
                    Consumer<String, CloudEvent<?>> consumer) {
                return records;
            }

            @Override
            public void success(ConsumerRecords<String, CloudEvent<?>> records, Consumer<String, CloudEvent<?>> consumer) {
                records.partitions().forEach(stalls::remove);
            }
        };
    }

    private void cleared(ConsumerRecord<?, ?> record) {
        stalls.remove(new TopicPartition(record.topic(), record.partition()));
    }

    private static String failure(Throwable exception) {
        Throwable cause = DeadLetters.innermost(exception);
        return cause.getClass().getName();
    }
}
