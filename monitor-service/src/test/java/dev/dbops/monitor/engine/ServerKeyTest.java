package dev.dbops.monitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerKeyTest {

    @Test
    void targetsOnOneServerWithOneUserSharePgStatStatementsSnapshots() {
        TargetRegistry registry = new TargetRegistry(new TargetProperties(Map.of(
                "a", new TargetProperties.TargetSettings("jdbc:postgresql://db1:5432/orders?sslmode=require", "mon", null, null, null),
                "b", new TargetProperties.TargetSettings("jdbc:postgresql://db1:5432/billing", "mon", null, null, null),
                "c", new TargetProperties.TargetSettings("jdbc:postgresql://db1:5432/billing", "app", null, null, null),
                "d", new TargetProperties.TargetSettings("jdbc:postgresql://db2/billing", "mon", null, null, null)),
                new TargetProperties.Security(List.of("/dbops/*"))));
        assertThat(PollScheduler.serverKey(registry.require("a"))).isEqualTo("db1:5432|mon")
                .isEqualTo(PollScheduler.serverKey(registry.require("b")));
        assertThat(PollScheduler.serverKey(registry.require("c"))).isEqualTo("db1:5432|app");
        assertThat(PollScheduler.serverKey(registry.require("d"))).isEqualTo("db2|mon");
    }
}
