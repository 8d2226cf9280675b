package dev.dbops.common.kit;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.deadletter.DeadLetter;
import dev.dbops.common.deadletter.DeadLetterReplay;
import dev.dbops.common.kafka.DeadLetters;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/**
 * Records dead-lettered by a cause since fixed (here: by the bounded retries of an older version during a
 * database outage) are replayed by an operator, one or a time range, and carried out once however often.
 */
class DeadLetterReplayIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("dead_letter_replay");

    private static ConfigurableApplicationContext app;
    private static TopicNames topics;
    private static DeadLetterReplay replay;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(KitTestApplication.class).properties(KafkaKitIT.toArgs(
                KitTestSupport.properties(db, "DeadLetterReplayIT"))).run();
        topics = app.getBean(TopicNames.class);
        replay = app.getBean(DeadLetterReplay.class);
        jdbc = app.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void oneDeadLetterReplayedTwiceIsCarriedOutOnceAndAnUnfixedOneIsDeadLetteredAgain() {
        String request = UUID.randomUUID().toString();
        deadLetter(request, "orders", 0);
        deadLetter(UUID.randomUUID().toString(), "nowhere", 0);
        List<DeadLetter> listed = replay.list(Topics.BACKUP_REQUESTS, null, null);
        // partition 0: the other test's dead letters for orders are on partition 1, and the listing's order
        // across partitions is the consumer's (it changes with the topic names)
        DeadLetter outage = listed.stream().filter(d -> "orders".equals(d.target()) && d.partition() == 0)
                .findFirst().orElseThrow();
        assertThat(outage.reason()).isEqualTo("failed after retries: Could not open JPA EntityManager for transaction");

        replay.replay(Topics.BACKUP_REQUESTS, outage.partition(), outage.offset());
        replay.replay(Topics.BACKUP_REQUESTS, outage.partition(), outage.offset());
        DeadLetter unknown = listed.stream().filter(d -> "nowhere".equals(d.target())).findFirst().orElseThrow();
        replay.replay(Topics.BACKUP_REQUESTS, unknown.partition(), unknown.offset());

        try (TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.BACKUP_REQUESTS))) {
            ConsumerRecord<String, String> again = dlt.await(1, r -> header(r, "dbops_replayed_from") != null,
                    Duration.ofSeconds(30)).get(0);
            assertThat(header(again, DeadLetters.REASON_HEADER)).startsWith("rejected: unknown target 'nowhere'");
            assertThat(header(again, "ce_id")).isEqualTo(unknown.ceId());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(effects(request)).isEqualTo(1));
        ConsumerRecord<String, String> replayed = record(outage);
        assertThat(header(replayed, "dbops_replayed_from")).isEqualTo(
                topics.deadLetterOf(Topics.BACKUP_REQUESTS) + "/" + outage.partition() + "/" + outage.offset());
        assertThat(replayed.headers()).extracting(h -> h.key()).doesNotContain(DeadLetters.REASON_HEADER,
                "kafka_dlt-original-topic");
        assertThat(effects(request)).isEqualTo(1);
        assertThatThrownBy(() -> replay.replay(Topics.BACKUP_REQUESTS, 0, 10_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no dead letter at offset 10000");
    }

    @Test
    void aTimeRangeOfDeadLettersIsReplayedInOrder() throws InterruptedException {
        String before = UUID.randomUUID().toString();
        deadLetter(before, "orders", 1);
        Thread.sleep(50);
        Instant from = Instant.now();
        List<String> inRange = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        inRange.forEach(request -> deadLetter(request, "orders", 1));

        List<DeadLetter> replayed = replay.replay(Topics.BACKUP_REQUESTS, from, null);

        assertThat(replayed).extracting(DeadLetter::partition).containsOnly(1);
        assertThat(replayed).hasSize(2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(inRange).allSatisfy(request -> assertThat(effects(request)).isEqualTo(1)));
        assertThat(effects(before)).isZero();
    }

    /** A request as the recoverer dead-lettered it: its own headers plus Spring's and dbops' reason. */
    private static void deadLetter(String request, String target, int partition) {
        Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.backup-requested.v1", target);
        headers.put("kafka_dlt-original-topic", topics.backupRequests());
        headers.put(DeadLetters.REASON_HEADER, "failed after retries: Could not open JPA EntityManager for transaction");
        try (RawProducer producer = new RawProducer()) {
            producer.send(topics.deadLetterOf(Topics.BACKUP_REQUESTS), partition, target, headers,
                    "{\"requestId\":\"" + request + "\",\"target\":\"" + target + "\",\"reason\":\"manual\"}");
        }
    }

    private static ConsumerRecord<String, String> record(DeadLetter letter) {
        try (TopicProbe probe = new TopicProbe(topics.backupRequests())) {
            return probe.await(1, r -> letter.ceId().equals(header(r, "ce_id")), Duration.ofSeconds(30)).get(0);
        }
    }

    private static int effects(String request) {
        return jdbc.queryForObject("SELECT count(*) FROM effect WHERE request_id = ?", Integer.class, request);
    }
}
