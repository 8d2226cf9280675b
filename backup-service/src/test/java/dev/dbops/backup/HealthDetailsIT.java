package dev.dbops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Health is open to probes, but what it knows of the database and the broker only to holders of the token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HealthDetailsIT {

    static final String TOKEN = "health-details-token";

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_health");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "HealthDetailsTest");
        registry.add("dbops.api.token", () -> TOKEN);
    }

    @LocalServerPort
    int port;

    @Test
    void anAnonymousProbeSeesTheStatusOnly() throws Exception {
        HttpResponse<String> health = get(null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("kafka");
    }

    @Test
    void aWrongTokenSeesTheStatusOnly() throws Exception {
        assertThat(get("Bearer not-the-token").body()).contains("\"status\":\"UP\"").doesNotContain("components");
    }

    @Test
    void theTokenHolderSeesTheDetails() throws Exception {
        assertThat(get("Bearer " + TOKEN).body()).contains("\"components\"").contains("\"kafka\"").contains("\"db\"");
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
