package dev.dbops.migration.intake;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.DeadLetters;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TopicProbe;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import dev.dbops.migration.store.RequestKind;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A MigrationRequested written the way kcat writes it, per docs/asyncapi.yaml, is accepted once. */
@SpringBootTest
@DirtiesContext
class MigrationRequestIntakeIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("migration_intake");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        platform.registerAsTarget(registry, "demo");
        registry.add("dbops.security.allowed-sources", () -> "*");
        TestKafka.register(registry, "MigrationRequestIntakeIT");
    }

    @Autowired
    TopicNames topics;

    @Autowired
    MigrationRequests requests;

    @Test
    void acceptsAKcatStyleRequestOnceAndDeadLettersOneForAnUnknownTarget() {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.migration-requested.v1", "demo");
        headers.put("ce_source", "/ops/alice");
        String body = "{\"requestId\":\"" + requestId + "\",\"target\":\"demo\",\"dryRun\":true,"
                + "\"requestedBy\":\"alice\",\"reason\":\"try it\"}";
        try (RawProducer producer = new RawProducer();
                TopicProbe dlt = new TopicProbe(topics.deadLetterOf(Topics.MIGRATION_REQUESTS))) {
            producer.send(topics.migrationRequests(), "demo", headers, body);
            producer.send(topics.migrationRequests(), "demo", headers, body);
            producer.send(topics.migrationRequests(), "elsewhere",
                    RawProducer.cloudEventHeaders("dev.dbops.migration-requested.v1", "elsewhere"),
                    "{\"requestId\":\"x\",\"target\":\"elsewhere\",\"requestedBy\":\"a\",\"reason\":\"b\"}");

            var dead = dlt.await(1, Duration.ofSeconds(30));
            assertThat(header(dead.get(0), DeadLetters.REASON_HEADER)).contains("unknown target 'elsewhere'");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requests.existsById(requestId));
            assertThat(dlt.drain(Duration.ofSeconds(1))).hasSize(1);
        }
        MigrationRequest request = requests.findById(requestId).orElseThrow();
        assertThat(request.target()).isEqualTo("demo");
        assertThat(request.kind()).isEqualTo(RequestKind.MIGRATE);
        assertThat(requests.findByTargetOrderByReceivedAtDesc("demo")).hasSize(1);
    }
}
