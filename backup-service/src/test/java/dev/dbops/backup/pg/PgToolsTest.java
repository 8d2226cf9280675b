package dev.dbops.backup.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.backup.BackupSettings;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.testing.TestPostgres;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The libpq tools as the service starts them, against the real cluster: SSL settings and timeouts. */
class PgToolsTest {

    @Test
    void theTargetUrlsSslSettingsReachTheLibpqTools() throws Exception {
        // sslmode=prefer falls back to plain TCP on the project cluster, so the tool connects and shows its environment
        String url = TestPostgres.url("postgres") + "?sslmode=prefer&sslrootcert=%2Fetc%2Fdbops%2Froot.crt"
                + "&sslcert=/etc/dbops/client.crt&sslkey=/etc/dbops/client.key";
        PgTools tools = tools(url, Duration.ofMinutes(1));
        String env = tools.run(target(url), "psql", List.of("-X", "-At", "--dbname=" + PgTools.connectionString(
                "postgres"), "-c", "\\! printenv PGSSLMODE PGSSLROOTCERT PGSSLCERT PGSSLKEY"));
        assertThat(env.strip().split("\n")).containsExactly("prefer", "/etc/dbops/root.crt", "/etc/dbops/client.crt",
                "/etc/dbops/client.key");
    }

    @Test
    void aToolStillRunningAfterTheTimeoutIsStoppedAndFails() {
        String url = TestPostgres.url("postgres");
        PgTools tools = tools(url, Duration.ofSeconds(1));
        assertThatThrownBy(() -> tools.run(target(url), "psql", List.of("-X", "--dbname="
                + PgTools.connectionString("postgres"), "-c", "SELECT pg_sleep(600)")))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageContaining("psql failed: still running after PT1S (dbops.backup.dump.tool-timeout)");
    }

    private static PgTools tools(String url, Duration timeout) {
        var settings = new BackupSettings(new BackupSettings.Repository(java.nio.file.Path.of("backups")),
                new BackupSettings.Dump(2, 1, Duration.ofMinutes(5), null, timeout), 1, Duration.ofMillis(500),
                new BackupSettings.Verify(Duration.ZERO, Duration.ofHours(1), true, List.of(),
                        new BackupSettings.Server(null, null, null), false),
                new BackupSettings.Retention(24, 30, 12, 12, ZoneOffset.UTC, Duration.ofHours(1), Duration.ofDays(30),
                        Duration.ofDays(7)),
                List.of(), Map.of(), 1000,
                new BackupSettings.Progress(Duration.ofSeconds(5)));
        return new PgTools(registry(url), settings);
    }

    private static Target target(String url) {
        return registry(url).require("t");
    }

    private static TargetRegistry registry(String url) {
        return new TargetRegistry(new TargetProperties(Map.of("t",
                new TargetProperties.TargetSettings(url, TestPostgres.USER, null, null, null)),
                new TargetProperties.Security(List.of("*"))));
    }
}
