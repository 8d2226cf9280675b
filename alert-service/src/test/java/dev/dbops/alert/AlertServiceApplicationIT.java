package dev.dbops.alert;

import dev.dbops.common.testing.ServiceAssertions;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AlertServiceApplicationIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("alert_platform");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "AlertServiceApplicationIT");
    }

    @LocalServerPort
    int port;

    @Test
    void startsHealthyWithItsOwnSchema() {
        ServiceAssertions.assertHealthy(port);
        ServiceAssertions.assertOwnSchema(platform, "alert");
    }
}
