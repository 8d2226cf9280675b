package dev.dbops.alert.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert benchmark's parts, one mode each (run by infra/bench/alerts/run on this module's test classpath,
 * built with its tests; not a test itself):
 *   receiver PORT LOG         an HTTP receiver that logs every notification it gets, with its arrival time
 *   floor BOOTSTRAP TOPIC LOG a bare Kafka consumer on the same topic: the floor for event-to-receipt latency
 *   produce BOOTSTRAP TOPIC N RATE TARGETS RULES LOG
 *                             N ThresholdBreached/ThresholdResolved events at a steady RATE, kcat-style
 *   report PRODUCED RECEIVED FLOOR DELIVERED LABEL LOAD TABLE   the figures of one run, appended to TABLE
 *   summary TABLE             the medians of each case's runs
 * Times are epoch microseconds on this machine's clock, which every part shares.
 */
public class AlertBench {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "receiver" -> receiver(Integer.parseInt(args[1]), Path.of(args[2]));
            case "floor" -> floor(args[1], args[2], Path.of(args[3]));
            case "produce" -> produce(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Path.of(args[7]),
                    args.length > 8 ? args[8] : "bench");
            case "report" -> report(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), args[5],
                    args[6], Path.of(args[7]));
            case "summary" -> summary(Path.of(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    // ------------------------------------------------------------------------------ receiver

    /**
     * One line per alert of each request: arrival, delivery id (body), fingerprint, status, event id, event
     * time, the request's number and its Idempotency-Key header. It logs before it answers, as a receiver
     * that acts on a notification before the sender hears back.
     */
    static void receiver(int port, Path log) throws IOException {
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, UTF_8), false);
        AtomicLong requests = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/", exchange -> {
            long arrived = micros();
            long request = requests.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = JSON.readTree(body);
            StringBuilder lines = new StringBuilder();
            for (JsonNode alert : json.get("alerts")) {
                lines.append(arrived).append('\t').append(json.get("deliveryId").asText()).append('\t')
                        .append(alert.get("fingerprint").asText()).append('\t').append(alert.get("status").asText())
                        .append('\t').append(alert.get("eventId").asText()).append('\t')
                        .append(micros(Instant.parse(alert.get("eventTime").asText()))).append('\t').append(request)
                        .append('\t').append(key).append('\n');
            }
            synchronized (out) {
                out.print(lines);
                if (request % 200 == 0) {
                    out.flush();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(32));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (out) {
                out.flush();
            }
        }));
        new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (out) {
                    out.flush();
                }
            }
        }).start();
        server.start();
        System.out.println("receiver listening on 127.0.0.1:" + port);
    }

    // ------------------------------------------------------------------------------ floor

    static void floor(String bootstrap, String topic, Path log) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer()); BufferedWriter out = Files.newBufferedWriter(log, UTF_8)) {
            // every partition assigned directly: no group, so no rebalance delay
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(
                        new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            System.out.println("floor ready on " + partitions.size() + " partitions");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
            try {
                while (true) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        long arrived = micros();
                        String id = new String(record.headers().lastHeader("ce_id").value(), UTF_8);
                        Instant time = Instant.parse(new String(record.headers().lastHeader("ce_time").value(), UTF_8));
                        out.write(arrived + "\t" + id + "\t" + micros(time) + "\n");
                    }
                    out.flush();
                }
            } catch (org.apache.kafka.common.errors.WakeupException stop) {
                out.flush();
            }
        }
    }

    // ------------------------------------------------------------------------------ produce

    /**
     * Events for TARGETS x RULES fingerprints, round-robin, so one fingerprint's events are
     * TARGETS*RULES events apart; each fingerprint alternates breach and resolve. The warm-up stream
     * uses other target names, so none of its alerts is one the measured stream reports on.
     */
    static void produce(String bootstrap, String topic, int count, int rate, int targets, int rules, Path log,
            String targetPrefix) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int fingerprints = targets * rules;
        boolean[] firing = new boolean[fingerprints];
        long intervalNanos = 1_000_000_000L / rate;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer()); BufferedWriter out = Files.newBufferedWriter(log, UTF_8)) {
            long start = System.nanoTime();
            long lateMax = 0;
            for (int i = 0; i < count; i++) {
                long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    if (wait > 200_000) {
                        Thread.sleep(0, 100_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                lateMax = Math.max(lateMax, -wait);
                int f = i % fingerprints;
                String target = targetPrefix + (f % targets);
                String rule = "rule" + (f / targets);
                firing[f] = !firing[f];
                Instant now = Instant.now();
                String id = UUID.randomUUID().toString();
                String type;
                String body;
                if (firing[f]) {
                    type = "dev.dbops.threshold-breached.v1";
                    body = "{\"target\":\"" + target + "\",\"rule\":\"" + rule + "\",\"severity\":\"critical\","
                            + "\"value\":97,\"threshold\":90,\"unit\":\"%\",\"since\":\"" + now + "\",\"details\":{}}";
                } else {
                    type = "dev.dbops.threshold-resolved.v1";
                    body = "{\"target\":\"" + target + "\",\"rule\":\"" + rule + "\",\"value\":50,\"breachedAt\":\""
                            + now + "\",\"resolvedAt\":\"" + now + "\"}";
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", "1.0".getBytes(UTF_8));
                headers.add("ce_id", id.getBytes(UTF_8));
                // monitor-service's source: alert-service reads monitor facts from their owner only
                headers.add("ce_source", "/dbops/monitor-service".getBytes(UTF_8));
                headers.add("ce_type", type.getBytes(UTF_8));
                headers.add("ce_time", now.toString().getBytes(UTF_8));
                headers.add("ce_subject", target.getBytes(UTF_8));
                headers.add("content-type", "application/json".getBytes(UTF_8));
                producer.send(new ProducerRecord<>(topic, null, target, body, headers));
                out.write(micros(now) + "\t" + id + "\t" + target + "/" + rule + "\t" + (firing[f] ? "firing" : "resolved")
                        + "\n");
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "produced %d events in %.1f s (%.0f/s), worst lag behind schedule %.1f ms%n",
                    count, seconds, count / seconds, lateMax / 1e6);
        }
    }

    // ------------------------------------------------------------------------------ report

    record Produced(long time, String id, String fingerprint, String status) {
    }

    static void report(Path producedLog, Path receivedLog, Path floorLog, Path deliveredIds, String label,
            String load, Path table) throws IOException {
        List<Produced> produced = new ArrayList<>();
        for (String line : Files.readAllLines(producedLog)) {
            String[] f = line.split("\t");
            produced.add(new Produced(Long.parseLong(f[0]), f[1], f[2], f[3]));
        }
        Map<String, Long> eventTime = new HashMap<>();
        Map<String, String> lastStatus = new HashMap<>();
        for (Produced p : produced) {
            eventTime.put(p.id, p.time);
            lastStatus.put(p.fingerprint, p.status);
        }
        // receiver: latency of each event's first notification; re-sends by Idempotency-Key; effects by the
        // change they report (fingerprint, event, status) and the keys it came under
        Map<String, Long> firstArrivalOfEvent = new HashMap<>();
        Map<String, Set<String>> requestsPerKey = new HashMap<>();
        Map<String, String> firstRequest = new HashMap<>();
        Map<String, Long> firstArrivalOfKey = new HashMap<>();
        Map<String, Set<String>> keysPerEffect = new HashMap<>();
        Set<String> keyNotDeliveryId = new HashSet<>();
        Map<String, String> receivedStatus = new HashMap<>();
        Map<String, Long> receivedAt = new HashMap<>();
        Set<String> warmUpKeys = new HashSet<>();
        long lastArrival = 0;
        for (String line : Files.readAllLines(receivedLog)) {
            String[] f = line.split("\t");
            if (f.length < 8) {
                continue;
            }
            long arrived = Long.parseLong(f[0]);
            String delivery = f[1];
            String fingerprint = f[2];
            String key = f[7];
            if (!eventTime.containsKey(f[4])) {
                warmUpKeys.add(key); // a notification of the warm-up stream
                continue;
            }
            requestsPerKey.computeIfAbsent(key, k -> new HashSet<>()).add(f[6]);
            firstArrivalOfKey.merge(key, arrived, Math::min);
            boolean firstRequestOfKey = firstRequest.computeIfAbsent(key, k -> f[6]).equals(f[6]);
            if (!key.equals(delivery)) {
                keyNotDeliveryId.add(f[6]);
            }
            keysPerEffect.computeIfAbsent(fingerprint + " " + f[4] + " " + f[3], e -> new HashSet<>()).add(key);
            if (!firstRequestOfKey) {
                continue; // a re-send: an idempotent receiver drops it, so it has no latency of its own
            }
            firstArrivalOfEvent.merge(f[4], arrived, Math::min);
            lastArrival = Math.max(lastArrival, arrived);
            if (arrived >= receivedAt.getOrDefault(fingerprint, 0L)) {
                receivedAt.put(fingerprint, arrived);
                receivedStatus.put(fingerprint, f[3]);
            }
        }
        int rawResends = requestsPerKey.values().stream().mapToInt(r -> r.size() - 1).sum();
        int duplicatedEffects = keysPerEffect.values().stream().mapToInt(k -> k.size() - 1).sum();
        List<Long> latencies = new ArrayList<>();
        int coalesced = 0;
        for (Produced p : produced) {
            Long arrived = firstArrivalOfEvent.get(p.id);
            if (arrived == null) {
                coalesced++;
            } else {
                latencies.add(arrived - p.time);
            }
        }
        // an alert that fired and resolved before its first notification is never told (Alertmanager's
        // semantics); every other alert must end at the receiver in the state the stream left it in
        int wrongFinalState = 0;
        int neverTold = 0;
        for (Map.Entry<String, String> e : lastStatus.entrySet()) {
            String received = receivedStatus.get(e.getKey());
            if (received == null && e.getValue().equals("resolved")) {
                neverTold++;
            } else if (!e.getValue().equals(received)) {
                wrongFinalState++;
            }
        }
        // delivered: id and when the service recorded it; the time from the receiver's first sight of a
        // delivery to that record is the window in which a crash makes the service send it again
        int lostDeliveries = 0;
        List<Long> resendWindow = new ArrayList<>();
        for (String line : Files.readAllLines(deliveredIds)) {
            String[] f = line.split("\t");
            if (f.length < 2 || warmUpKeys.contains(f[0])) {
                continue;
            }
            Long arrived = firstArrivalOfKey.get(f[0]);
            if (arrived == null) {
                lostDeliveries++;
            } else {
                resendWindow.add(Long.parseLong(f[1]) - arrived);
            }
        }
        List<Long> floor = new ArrayList<>();
        for (String line : Files.readAllLines(floorLog)) {
            String[] f = line.split("\t");
            if (f.length == 3 && eventTime.containsKey(f[1])) {
                floor.add(Long.parseLong(f[0]) - Long.parseLong(f[2]));
            }
        }
        long first = produced.get(0).time;
        long lastProduced = produced.get(produced.size() - 1).time;
        double producedRate = produced.size() / ((lastProduced - first) / 1e6);
        double serviceRate = produced.size() / ((lastArrival - first) / 1e6);
        System.out.printf(Locale.ROOT, "%-22s events %7d  produced at %6.0f/s  service %6.0f/s  "
                        + "latency p50 %7.1f ms  p99 %8.1f ms  max %8.1f ms | floor p50 %6.1f ms  p99 %7.1f ms | "
                        + "events folded into a later notification %d (alerts never told: fired+resolved before their first) %d  "
                        + "lost deliveries %d  raw re-sends %d  re-sends under another key %d  duplicated effects %d  "
                        + "wrong final state %d | accepted-to-recorded p50 %.1f ms p99 %.1f ms | load %s%n",
                label, produced.size(), producedRate, serviceRate, pct(latencies, 50), pct(latencies, 99),
                pct(latencies, 100), pct(floor, 50), pct(floor, 99), coalesced, neverTold, lostDeliveries, rawResends,
                keyNotDeliveryId.size(), duplicatedEffects, wrongFinalState, pct(resendWindow, 50),
                pct(resendWindow, 99), load);
        Files.writeString(table, String.join("\t", label, String.valueOf(produced.size()), fmt(producedRate),
                fmt(serviceRate), fmt(pct(latencies, 50)), fmt(pct(latencies, 99)), fmt(pct(floor, 50)),
                fmt(pct(floor, 99)), String.valueOf(coalesced), String.valueOf(lostDeliveries),
                String.valueOf(rawResends), String.valueOf(duplicatedEffects), String.valueOf(wrongFinalState),
                fmt(pct(resendWindow, 50)), fmt(pct(resendWindow, 99)), load)
                + "\n", UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** The medians of every case's runs (a case is a label without its -runN), one markdown row each. */
    static void summary(Path table) throws IOException {
        Map<String, List<String[]>> runs = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(table)) {
            String[] f = line.split("\t");
            runs.computeIfAbsent(f[0].replaceAll("-run\\d+$", ""), c -> new ArrayList<>()).add(f);
        }
        System.out.println("| case | runs | produced/s | service/s | p50 ms | p99 ms | floor p50 ms | floor p99 ms "
                + "| folded | lost | raw re-sends | duplicated effects | wrong final state | re-send window p50 ms "
                + "| re-send window p99 ms | load (1 min, end of stream→end of run) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        runs.forEach((name, rows) -> {
            StringBuilder row = new StringBuilder("| " + name + " | " + rows.size());
            for (int column = 2; column <= 14; column++) {
                List<Double> values = new ArrayList<>();
                for (String[] r : rows) {
                    values.add(Double.parseDouble(r[column]));
                }
                Collections.sort(values);
                row.append(" | ").append(fmt(values.get(values.size() / 2)));
            }
            row.append(" | ").append(String.join(", ", rows.stream().map(r -> r[15]).toList())).append(" |");
            System.out.println(row);
        });
    }

    static double pct(List<Long> micros, double p) {
        if (micros.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
    }
}
