package dev.dbops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.event.Topics;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Prometheus scrapes without the REST token and finds the Kafka clients' metrics, consumer lag included. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PrometheusScrapeIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_scrape");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "PrometheusScrapeTest");
        registry.add("dbops.api.token", () -> "scrape-token");
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, Object> template;

    @Autowired
    TopicNames topics;

    @Test
    void anAnonymousScrapeSeesTheKafkaClientMetrics() throws Exception {
        // the producer is created on first use; asking for partitions creates it without publishing anything
        template.partitionsFor(topics.of(Topics.ALL.get(0)));
        String body = awaitScrapeContaining("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(body).contains("kafka_producer_").contains("kafka_consumer_");
    }

    @Test
    void theOutboxBacklogIsAGaugeReadFromThePlatformDatabase() throws Exception {
        String body = awaitScrapeContaining("dbops_outbox_parked");
        assertThat(body).containsPattern("(?m)^dbops_outbox_pending(\\{[^}]*\\})? \\d")
                .containsPattern("(?m)^dbops_outbox_parked(\\{[^}]*\\})? 0\\.0$");
    }

    @Test
    void everythingElseStillNeedsTheToken() throws Exception {
        assertThat(get("/api/backups").statusCode()).isEqualTo(401);
    }

    private String awaitScrapeContaining(String metric) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            HttpResponse<String> scrape = get("/actuator/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            if (scrape.body().contains(metric) || System.nanoTime() > deadline) {
                assertThat(scrape.body()).contains(metric);
                return scrape.body();
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
