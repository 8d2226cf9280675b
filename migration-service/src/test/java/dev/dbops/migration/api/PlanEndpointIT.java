package dev.dbops.migration.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The plan endpoint answers a problem in the project with 422 in Flyway's words, and a crowd with 429. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PlanEndpointIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("plan_api_platform");
    @RegisterExtension
    static final TestDatabase refused = new TestDatabase("plan_api_refused");
    @RegisterExtension
    static final TestDatabase busy = new TestDatabase("plan_api_busy");

    /** ScratchDatabases' lock class and scratch key: the advisory lock the plans of a target take turns on. */
    static final String SCRATCH_LOCK = "x'64626f70'::int, 2";

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        refused.registerAsTarget(registry, "refused");
        registry.add("dbops.migration.targets.refused.project", () -> "src/test/resources/projects/refused");
        busy.registerAsTarget(registry, "busy");
        registry.add("dbops.migration.targets.busy.project", () -> "src/test/resources/projects/unsafe");
        registry.add("dbops.migration.api.max-concurrent-plans", () -> "1");
        registry.add("dbops.security.allowed-sources", () -> "*");
        TestKafka.register(registry, "PlanEndpointIT");
    }

    @LocalServerPort
    int port;

    @Test
    void aScriptFlywayRefusesIs422WithTheCauseAndFlywaysWords() throws Exception {
        HttpResponse<String> plan = get("/api/targets/refused/plan");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(422);
        JsonNode body = json.readTree(plan.body());
        assertThat(body.get("cause").asString()).isEqualTo("project-invalid");
        assertThat(body.get("detail").asString()).contains("Flyway refuses the migration project")
                .containsIgnoringCase("non-transactional");
        assertThat(get("/api/targets/refused/pending").statusCode()).isEqualTo(422);
    }

    @Test
    void plansBeyondTheBoundAre429AtOnceAndTheBoundIsFreedAfterwards() throws Exception {
        try (Connection holder = DriverManager.getConnection(busy.url(), TestPostgres.USER, "")) {
            // the first plan waits for the scratch copy this session holds, keeping its slot taken
            holder.createStatement().execute("SELECT pg_advisory_lock(" + SCRATCH_LOCK + ")");
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return get("/api/targets/busy/plan");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> waitingForScratch(holder));
            HttpResponse<String> second = get("/api/targets/busy/plan");
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(json.readTree(second.body()).get("detail").asString()).contains("max-concurrent-plans");
            holder.createStatement().execute("SELECT pg_advisory_unlock(" + SCRATCH_LOCK + ")");
            assertThat(first.get().statusCode()).isEqualTo(200);
        }
        assertThat(get("/api/targets/busy/plan").statusCode()).isEqualTo(200);
    }

    private static boolean waitingForScratch(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND NOT granted AND classid::bigint = x'64626f70'::bigint AND objid::bigint = 2")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        // bounded: without the bound, a second plan would wait for the scratch copy as long as the first
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
