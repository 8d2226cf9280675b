package dev.dbops.monitor;

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
class MonitorServiceApplicationIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("monitor_platform");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "MonitorServiceApplicationTest");
    }

    @LocalServerPort
    int port;

    @Test
    void startsHealthyWithItsOwnSchema() {
        ServiceAssertions.assertHealthy(port);
        ServiceAssertions.assertOwnSchema(platform, "monitor");
    }
}
