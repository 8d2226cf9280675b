package dev.dbops.monitor.api;

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

/** monitor-service's REST answers every error as an RFC 9457 problem and documents every endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ApiConventionsIT extends ApiConventionsContract {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("monitor_api_conventions");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "MonitorApiConventionsTest");
        registerToken(registry);
    }

    ApiConventionsIT() {
        super("/api/targets", "POST", "/api/targets");
    }

    @Test
    void aBadParameterAndAnUnknownTargetAreProblems() {
        assertProblem(api.call("GET", "/api/targets/orders/breaches?limit=many", null), 400);
        assertThat(assertProblem(api.call("GET", "/api/targets/nowhere", null), 404).path("detail").asString())
                .contains("nowhere");
        assertProblem(api.call("GET", "/api/targets/nowhere/indexes", null), 404);
    }
}
