package dev.dbops.alert.api;

import static dev.dbops.common.testing.ApiConventions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.ApiConventionsContract;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * alert-service's REST, its Alertmanager API included, answers every error as an RFC 9457 problem and documents
 * every endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ApiConventionsIT extends ApiConventionsContract {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_api_conventions");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "AlertApiConventionsTest");
        registerToken(registry);
    }

    ApiConventionsIT() {
        super("/api/silences", "PUT", "/api/silences");
    }

    @Test
    void aBadArgumentIsAProblemAndAnInvalidSilenceNamesEachField() {
        assertThat(assertProblem(api.call("GET", "/api/alerts?status=sleeping", null), 400).path("detail")
                .asString()).contains("firing or resolved");
        var invalid = assertProblem(api.call("POST", "/api/silences", "{\"comment\":\"batch window\"}"), 400);
        assertThat(invalid.path("errors").valueStream().map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder("matchers", "endsAt", "createdBy");
        assertProblem(api.call("POST", "/api/v2/silences", "{}"), 400);
    }

    @Test
    void anUnknownSilenceOrAlertIsAProblem() {
        UUID unknown = UUID.randomUUID();
        assertThat(assertProblem(api.call("GET", "/api/silences/" + unknown, null), 404).path("detail").asString())
                .isEqualTo("no silence " + unknown);
        assertProblem(api.call("DELETE", "/api/v2/silence/" + unknown, null), 404);
        assertProblem(api.call("GET", "/api/alerts/history?fingerprint=none", null), 404);
    }
}
