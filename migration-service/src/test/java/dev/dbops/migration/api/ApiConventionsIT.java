package dev.dbops.migration.api;

import static dev.dbops.common.testing.ApiConventions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.ApiConventionsContract;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** migration-service's REST answers every error as an RFC 9457 problem and documents every endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ApiConventionsIT extends ApiConventionsContract {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("migration_api_conventions");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "MigrationApiConventionsTest");
        registerToken(registry);
    }

    ApiConventionsIT() {
        super("/api/targets/orders/requests", "DELETE", "/api/targets/orders/migrations");
    }

    @Test
    void aMissingFieldAnUnknownTargetAndAnUnknownRequestAreProblems() {
        assertProblem(api.call("POST", "/api/targets/nowhere/migrations", "{\"reason\":\"r\"}"), 404);
        assertProblem(api.call("GET", "/api/requests/no-such-request", null), 404);
        assertProblem(api.call("POST", "/api/targets/nowhere/rollbacks", "{not json"), 400);
    }
}
