package dev.dbops.common.kit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.target.InvalidTargetConfigurationException;
import dev.dbops.common.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A service with a broken target registry refuses to start, naming the key, never the password. */
class TargetRegistryStartupIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("registry_startup");

    @Test
    void aBadTargetStopsStartupNamingTheKey() {
        Map<String, String> properties = KitTestSupport.properties(db, "TargetRegistryStartupIT");
        properties.remove("dbops.targets.orders.url");
        properties.put("dbops.targets.orders.password", "hunter2");
        assertThatThrownBy(() -> new SpringApplicationBuilder(KitTestApplication.class)
                .properties(KafkaKitIT.toArgs(properties)).run())
                .rootCause().isInstanceOf(InvalidTargetConfigurationException.class)
                .hasMessageContaining("dbops.targets.orders.url is required")
                .hasMessageNotContaining("hunter2");
    }
}
