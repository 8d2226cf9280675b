package dev.dbops.backup.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.target.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DrillServerTest {

    static final Target ORDERS = Target.server("orders", "jdbc:postgresql://db1:5432/orders", "dbops", null);
    static final MockEnvironment PLATFORM = new MockEnvironment()
            .withProperty("spring.datasource.url", "jdbc:postgresql://platform:5432/dbops")
            .withProperty("spring.datasource.username", "dbops_platform");

    @Test
    void drillsGoToThePlatformDatabasesServerByDefault() {
        Target server = new DrillServer(settings(new BackupSettings.Server(null, null, null), false), PLATFORM)
                .of(ORDERS);
        assertThat(server.url()).isEqualTo("jdbc:postgresql://platform:5432/dbops");
        assertThat(server.username()).isEqualTo("dbops_platform");
    }

    @Test
    void drillsGoToTheConfiguredDrillServer() {
        Target server = new DrillServer(settings(new BackupSettings.Server("jdbc:postgresql://drills:5432/postgres",
                "drill", "secret"), false), PLATFORM).of(ORDERS);
        assertThat(server.url()).isEqualTo("jdbc:postgresql://drills:5432/postgres");
        assertThat(server.password()).isEqualTo("secret");
    }

    @Test
    void drillsGoToTheTargetsOwnServerOnlyWhenAllowed() {
        assertThat(new DrillServer(settings(new BackupSettings.Server(null, null, null), true), PLATFORM).of(ORDERS))
                .isSameAs(ORDERS);
    }

    @Test
    void aDrillServerWithoutARoleStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> new DrillServer(settings(new BackupSettings.Server(
                "jdbc:postgresql://drills:5432/postgres", null, null), false), PLATFORM))
                .hasMessageContaining("dbops.backup.verify.server.username is required");
    }

    private static BackupSettings settings(BackupSettings.Server server, boolean onTargetServer) {
        return new BackupSettings(new BackupSettings.Repository(Path.of("backups")),
                new BackupSettings.Dump(2, 1, Duration.ofMinutes(5), null, Duration.ofHours(6)), 1,
                Duration.ofMillis(500),
                new BackupSettings.Verify(Duration.ZERO, Duration.ofHours(1), true, List.of(), server, onTargetServer),
                new BackupSettings.Retention(24, 30, 12, 12, ZoneOffset.UTC, Duration.ofHours(1), Duration.ofDays(30),
                        Duration.ofDays(7)),
                List.of(), Map.of(), 1000,
                new BackupSettings.Progress(Duration.ofSeconds(5)),
                new BackupSettings.Encryption(false, null, Map.of()));
    }
}
