package dev.dbops.infra.system;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every record of every dbops topic and dead-letter topic, read from the beginning by a plain consumer
 * in the background (as {@code infra/dbops tail} does with kcat), for the scenarios to await and count.
 */
final class EventLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record as an operator sees it; {@code json} is null when the value is not JSON. */
    record Event(String topic, int partition, long offset, String key, Map<String, String> headers, String value,
            JsonNode json) {

        String type() {
            return headers.getOrDefault("ce_type", "");
        }

        String id() {
            return headers.getOrDefault("ce_id", "");
        }

        /** A payload field as text, "" when absent. */
        String field(String name) {
            return json == null || json.get(name) == null || json.get(name).isNull() ? "" : json.get(name).asString();
        }

        /** A payload field that holds a time (RFC 3339). */
        Instant instant(String name) {
            return Instant.parse(field(name));
        }

        boolean is(String eventName) {
            return type().equals(EventLog.type(eventName));
        }

        @Override
        public String toString() {
            return topic + "/" + partition + "@" + offset + " " + type() + " key=" + key + " " + value;
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    // a consumer that commits nothing reads from the beginning again after the broker restarts: keep each
    // record (topic, partition, offset) once, so that only a record written twice counts twice
    private final Set<String> positions = ConcurrentHashMap.newKeySet();
    private final Thread poller;
    private volatile boolean running = true;

    EventLog(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "systest-log-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        poller = new Thread(this::poll, "systest-event-log");
        poller.setDaemon(true);
        poller.start();
    }

    /** "MigrationCompleted" -> "dev.dbops.migration-completed.v1", as the contract names types. */
    static String type(String eventName) {
        return "dev.dbops." + eventName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + ".v1";
    }

    private void poll() {
        consumer.subscribe(Pattern.compile("dbops\\..*"));
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!positions.add(r.topic() + "/" + r.partition() + "@" + r.offset())) {
                        continue;
                    }
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? "" : new String(h.value(), UTF_8));
                    }
                    events.add(new Event(r.topic(), r.partition(), r.offset(), r.key(), headers, r.value(),
                            parse(r.value())));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static JsonNode parse(String value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    List<Event> all(Predicate<Event> filter) {
        return events.stream().filter(filter).toList();
    }

    /** Waits until {@code count} records match; returns them. */
    List<Event> await(String what, int count, Duration timeout, Predicate<Event> filter) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event> matching = all(filter);
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " x " + what + " within " + timeout + ", saw "
                        + matching.size() + ": " + matching);
            }
            Stacks.sleep(200);
        }
    }

    /** Waits until {@code count} records match or time is up; returns those that came (lost ones are counted later). */
    List<Event> awaitUpTo(int count, Duration timeout, Predicate<Event> filter) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all(filter).size() < count && System.nanoTime() < deadline) {
            Stacks.sleep(200);
        }
        return all(filter);
    }

    Event awaitOne(String what, Duration timeout, Predicate<Event> filter) {
        return await(what, 1, timeout, filter).get(0);
    }

    static Predicate<Event> about(String target) {
        return e -> target.equals(e.key());
    }

    static Predicate<Event> request(String eventName, String requestId) {
        return e -> e.is(eventName) && requestId.equals(e.field("requestId"));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
