package dev.dbops.common.kit;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.cloudevents.CloudEvent;
import dev.dbops.common.cloudevents.CloudEventDeserializer;
import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.cloudevents.EventTypes;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.SampleEvents;
import dev.dbops.common.inbox.IdempotentConsumer;
import dev.dbops.common.kafka.DeadLetters;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import dev.dbops.common.outbox.EventPublisher;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The kit against a real broker and PostgreSQL: round trips, poison pills, redelivery, rollback. */
class KafkaKitIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("kafka_kit");

    private static ConfigurableApplicationContext app;
    private static TopicNames topics;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(KitTestApplication.class)
                .properties(toArgs(KitTestSupport.properties(db, "KafkaKitIT"))).run();
        topics = app.getBean(TopicNames.class);
        jdbc = app.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String[] toArgs(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @Test
    void everyEventTypeRoundTripsThroughTheBrokerWithItsHeaders() {
        List<DbopsEvent> samples = SampleEvents.all("orders");
        String saga = UUID.randomUUID().toString();
        app.getBean(TransactionTemplate.class).executeWithoutResult(tx ->
                samples.forEach(event -> app.getBean(EventPublisher.class).publish(event, saga)));

        try (TopicProbe probe = new TopicProbe(Topics.ALL.stream().map(topics::of).toArray(String[]::new))) {
            List<ConsumerRecord<String, String>> records = probe.await(samples.size(),
                    r -> saga.equals(header(r, "ce_correlationid")), Duration.ofSeconds(30));
            CloudEventDeserializer deserializer = new CloudEventDeserializer();
            for (DbopsEvent sample : samples) {
                String ceType = EventTypes.of(sample).ceType();
                ConsumerRecord<String, String> record = records.stream()
                        .filter(r -> ceType.equals(header(r, "ce_type"))).findFirst().orElseThrow();
                assertThat(record.topic()).isEqualTo(topics.of(EventTypes.of(sample).topic()));
                assertThat(record.key()).isEqualTo("orders");
                assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
                assertThat(header(record, "ce_source")).isEqualTo("/dbops/kit-test");
                assertThat(header(record, "ce_subject")).isEqualTo("orders");
                assertThat(header(record, "content-type")).isEqualTo("application/json");
                assertThat(header(record, "ce_time")).isNotBlank();
                // Binary mode and nothing else: no Java type headers for foreign consumers to trip over.
                assertThat(record.headers()).extracting(h -> h.key()).containsExactlyInAnyOrder("ce_specversion",
                        "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "ce_correlationid", "content-type");
                CloudEvent<?> read = deserializer.deserialize(record.topic(), record.headers(),
                        record.value().getBytes(StandardCharsets.UTF_8));
                assertThat(read.data()).isEqualTo(sample);
                assertThat(read.correlationId()).isEqualTo(saga);
            }
        }
    }

    @Test
    void poisonPillsGoToTheDeadLetterTopicWithAReasonWhileTheNextGoodRecordIsProcessed() {
        String requests = topics.backupRequests();
        String goodRequest = UUID.randomUUID().toString();
        try (RawProducer producer = new RawProducer();
                TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.BACKUP_REQUESTS))) {
            String type = "dev.dbops.backup-requested.v1";
            producer.send(requests, "orders", RawProducer.cloudEventHeaders(type, "orders"), "{\"requestId\": oops");
            producer.send(requests, "orders", RawProducer.cloudEventHeaders("dev.dbops.backup-exploded.v1", "orders"),
                    "{}");
            producer.send(requests, "orders", RawProducer.cloudEventHeaders(type, "orders"),
                    "{\"target\":\"orders\",\"reason\":\"manual\"}");
            producer.send(requests, "nowhere", RawProducer.cloudEventHeaders(type, "nowhere"),
                    "{\"requestId\":\"r\",\"target\":\"nowhere\",\"reason\":\"manual\"}");
            Map<String, String> foreign = RawProducer.cloudEventHeaders(type, "orders");
            foreign.put("ce_source", "/somebody/else");
            producer.send(requests, "orders", foreign, "{\"requestId\":\"r\",\"target\":\"orders\",\"reason\":\"manual\"}");
            producer.send(requests, "orders", RawProducer.cloudEventHeaders(type, "orders"),
                    "{\"requestId\":\"" + goodRequest + "\",\"target\":\"orders\",\"reason\":\"manual\"}");

            List<ConsumerRecord<String, String>> dead = dlt.await(5, Duration.ofSeconds(30));
            assertThat(header(dead.get(0), DeadLetters.REASON_HEADER))
                    .startsWith("rejected: payload is not a valid dev.dbops.backup-requested.v1: Unrecognized token 'oops'");
            assertThat(dead.subList(1, 5)).extracting(r -> header(r, DeadLetters.REASON_HEADER)).containsExactly(
                    "rejected: unknown ce_type 'dev.dbops.backup-exploded.v1'",
                    "rejected: required field 'requestId' is missing",
                    "rejected: unknown target 'nowhere': it is not registered under dbops.targets in this service",
                    "rejected: source '/somebody/else' is not allowed to send requests for target 'orders' (dbops.targets.orders.allowed-sources)");
            assertThat(dead.get(0).value()).isEqualTo("{\"requestId\": oops");
            assertThat(header(dead.get(1), "ce_type")).isEqualTo("dev.dbops.backup-exploded.v1");
            assertThat(header(dead.get(0), "kafka_dlt-original-topic")).isEqualTo(requests);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, goodRequest)).isEqualTo(1));
    }

    @Test
    void aFactFromAForeignSourceIsDeadLetteredWithTheReasonWhileTheOwnersFactIsProcessed() {
        String completed = "{\"backupId\":\"%s\",\"target\":\"orders\",\"reason\":\"manual\",\"sizeBytes\":1,"
                + "\"manifestSha256\":\"00\",\"durationMs\":1,\"location\":\"file:///b\","
                + "\"completedAt\":\"2026-11-21T10:00:00Z\"}";
        String forged = UUID.randomUUID().toString();
        String genuine = UUID.randomUUID().toString();
        try (RawProducer producer = new RawProducer();
                TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.BACKUP_EVENTS))) {
            Map<String, String> foreign = RawProducer.cloudEventHeaders("dev.dbops.backup-completed.v1", "orders");
            foreign.put("ce_source", "/deploy/pipeline");
            producer.send(topics.backupEvents(), "orders", foreign, completed.formatted(forged));
            producer.send(topics.backupEvents(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.backup-completed.v1", "orders"), completed.formatted(genuine));

            ConsumerRecord<String, String> dead = dlt.await(1, r -> r.value().contains(forged), Duration.ofSeconds(30))
                    .get(0);
            assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("rejected: dev.dbops.backup-completed.v1 from"
                    + " source '/deploy/pipeline': only its owner '/dbops/backup-service' states facts on dbops.backup.events");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, genuine)).isEqualTo(1));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, forged))
                .isZero();
    }

    @Test
    void aRedeliveredEventHasExactlyOneEffect() {
        String request = UUID.randomUUID().toString();
        Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.backup-requested.v1", "orders");
        String body = new String(EventCodec.write(new BackupRequested(request, "orders", BackupReason.MANUAL, null)),
                StandardCharsets.UTF_8);
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.backupRequests(), "orders", headers, body);
            producer.send(topics.backupRequests(), "orders", headers, body);
            String marker = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.backup-requested.v1", "orders"),
                    "{\"requestId\":\"" + marker + "\",\"target\":\"orders\",\"reason\":\"manual\"}");
            // The marker comes after both copies on the same partition: once it is processed, so are they.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, marker) == 1);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, request))
                .isEqualTo(1);
    }

    @Test
    void eventsPublishedTogetherArriveInTheirOrderWithTheirOwnIds() {
        String saga = UUID.randomUUID().toString();
        List<BackupRequested> events = List.of("a", "b", "c").stream()
                .map(r -> new BackupRequested(saga + r, "orders", BackupReason.MANUAL, null)).toList();
        List<String> ids = app.getBean(TransactionTemplate.class).execute(tx -> app.getBean(EventPublisher.class)
                .publishAll(events, saga).stream().map(CloudEvent::id).toList());

        try (TopicProbe probe = new TopicProbe(topics.backupRequests())) {
            List<ConsumerRecord<String, String>> records = probe.await(3,
                    r -> saga.equals(header(r, "ce_correlationid")), Duration.ofSeconds(30));
            assertThat(records).extracting(r -> header(r, "ce_id")).containsExactlyElementsOf(ids).doesNotHaveDuplicates();
            assertThat(records).extracting(r -> EventCodec.read(EventTypes.byCeType(header(r, "ce_type")).orElseThrow(),
                    r.value().getBytes(StandardCharsets.UTF_8))).containsExactlyElementsOf(events);
        }
    }

    @Test
    void claimingManyEventsAtOnceReturnsOnlyTheOnesNotProcessedBefore() {
        IdempotentConsumer inbox = app.getBean(IdempotentConsumer.class);
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);
        tx.executeWithoutResult(s -> inbox.claim("batch", "e1"));

        Set<String> first = tx.execute(s -> inbox.claimAll("batch", List.of("e1", "e2", "e3", "e2")));
        Set<String> second = tx.execute(s -> inbox.claimAll("batch", List.of("e3", "e4")));
        Set<String> other = tx.execute(s -> inbox.claimAll("another-consumer", List.of("e1")));

        assertThat(first).containsExactlyInAnyOrder("e2", "e3");
        assertThat(second).containsExactly("e4");
        assertThat(other).containsExactly("e1");
        assertThat(inbox.claimAll("batch", List.of())).isEmpty();
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String failed = UUID.randomUUID().toString();
        String committed = UUID.randomUUID().toString();
        KitTestApplication.StateChange change = app.getBean(KitTestApplication.StateChange.class);
        assertThatThrownBy(() -> change.record(failed,
                new BackupRequested(failed, "orders", BackupReason.MANUAL, null), true))
                .isInstanceOf(IllegalStateException.class);
        change.record(committed, new BackupRequested(committed, "orders", BackupReason.MANUAL, null), false);

        try (TopicProbe probe = new TopicProbe(topics.backupRequests())) {
            probe.await(1, r -> committed.equals(header(r, "ce_correlationid")), Duration.ofSeconds(30));
            assertThat(probe.drain(Duration.ofSeconds(1)))
                    .noneMatch(r -> failed.equals(header(r, "ce_correlationid")));
        }
        assertThat(jdbc.queryForList("SELECT request_id FROM state_change", String.class))
                .contains(committed).doesNotContain(failed);
    }
}
