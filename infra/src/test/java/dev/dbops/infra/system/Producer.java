package dev.dbops.infra.system;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes CloudEvents records byte by byte as a deploy pipeline with kcat would (docs/asyncapi.yaml). */
final class Producer implements AutoCloseable {

    static final String SOURCE = "/systest/producer";
    static final String MIGRATION_REQUESTS = "dbops.migration.requests";
    static final String BACKUP_REQUESTS = "dbops.backup.requests";
    static final String MONITOR_EVENTS = "dbops.monitor.events";

    private final KafkaProducer<String, String> producer;

    Producer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    static Map<String, String> headers(String eventName, String target) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_source", SOURCE);
        headers.put("ce_type", EventLog.type(eventName));
        headers.put("ce_time", Instant.now().toString());
        headers.put("ce_subject", target);
        headers.put("content-type", "application/json");
        return headers;
    }

    /** A well-formed event; returns its ce_id. */
    String send(String topic, String target, String eventName, String json) {
        Map<String, String> headers = headers(eventName, target);
        send(topic, target, headers, json);
        return headers.get("ce_id");
    }

    /** As the owning service states a fact (its default ce_source), so that consumers accept it. */
    static String ownerOf(String factsTopic) {
        return "/dbops/" + factsTopic.split("\\.")[1] + "-service";
    }

    void send(String topic, String key, Map<String, String> headers, String value) {
        if (topic.endsWith(".events") && SOURCE.equals(headers.get("ce_source"))) {
            headers.put("ce_source", ownerOf(topic));
        }
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, v) -> recordHeaders.add(name, v.getBytes(UTF_8)));
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, recordHeaders)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** A MigrationRequested as a deploy pipeline sends it; returns the request id. */
    String requestMigration(String target, String version, boolean backupFirst) {
        String r = UUID.randomUUID().toString();
        send(MIGRATION_REQUESTS, target, "MigrationRequested", migrationJson(r, target, version, backupFirst, false));
        return r;
    }

    static String migrationJson(String r, String target, String version, boolean backupFirst, boolean dryRun) {
        return """
                {"requestId":"%s","target":"%s",%s"dryRun":%s,"backupFirst":%s,"requestedBy":"systest",\
                "reason":"system test"}""".formatted(r, target,
                version == null ? "" : "\"targetVersion\":\"" + version + "\",", dryRun, backupFirst);
    }

    /** A manual BackupRequested; returns the request id. */
    String requestBackup(String target) {
        String r = UUID.randomUUID().toString();
        send(BACKUP_REQUESTS, target, "BackupRequested", backupJson(r, target));
        return r;
    }

    static String backupJson(String r, String target) {
        return "{\"requestId\":\"%s\",\"target\":\"%s\",\"reason\":\"manual\",\"requestedBy\":\"systest\"}"
                .formatted(r, target);
    }

    /**
     * A RestoreRequested of a backup into a new database; returns the request id. It may name a backup whose
     * drill has not run yet, so it says allowUnverified.
     */
    String requestRestore(String target, String backupId, String intoDatabase) {
        return requestRestore(target, backupId, intoDatabase, false);
    }

    /** A RestoreRequested that may ask to replace an existing database ({@code overwrite}). */
    String requestRestore(String target, String backupId, String intoDatabase, boolean overwrite) {
        String r = UUID.randomUUID().toString();
        send(BACKUP_REQUESTS, target, "RestoreRequested", """
                {"requestId":"%s","target":"%s","backupId":"%s","intoDatabase":"%s","overwrite":%s,\
                "allowUnverified":true,"requestedBy":"systest"}""".formatted(r, target, backupId, intoDatabase,
                overwrite));
        return r;
    }

    /** Any value (a poison record) with the headers of the event type; returns its ce_id. */
    String sendRaw(String topic, String key, String eventName, String value) {
        return sendRawType(topic, key, EventLog.type(eventName), value);
    }

    String sendRawType(String topic, String key, String ceType, String value) {
        Map<String, String> headers = headers("MigrationRequested", key);
        headers.put("ce_type", ceType);
        send(topic, key, headers, value);
        return headers.get("ce_id");
    }

    @Override
    public void close() {
        producer.close();
    }
}
