package dev.dbops.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The shared defaults lose to everything else, the caller's default properties included. */
class ServiceDefaultsTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void withNothingElseSetTheSharedValuesApply() {
        prepare();
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9092");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health,info,metrics,prometheus");
    }

    @Test
    void theServicesOwnConfigurationWins() {
        environment.getPropertySources().addFirst(new MapPropertySource("application.yml",
                Map.of("spring.datasource.hikari.maximum-pool-size", "20")));
        prepare();
        assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("20");
    }

    @Test
    void theCallersDefaultPropertiesWinToo() {
        // SpringApplicationBuilder.properties(...): what the tests' and tools' applications are given
        environment.getPropertySources().addLast(new MapPropertySource(DefaultPropertiesPropertySource.NAME,
                Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5433/dbops_test_x")));
        prepare();
        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5433/dbops_test_x");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:9092");
    }

    /** As SpringApplication prepares an environment: post-processors, then default properties moved last. */
    private void prepare() {
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        DefaultPropertiesPropertySource.moveToEnd(environment);
    }
}
