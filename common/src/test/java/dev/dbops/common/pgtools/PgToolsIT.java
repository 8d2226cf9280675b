package dev.dbops.common.pgtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools as a service starts them, against the project's cluster: a real psql, its failures and its timeout. */
class PgToolsIT {

    private static final TargetRegistry REGISTRY = new TargetRegistry(new TargetProperties(Map.of(), new TargetProperties.Security(List.of("*"))));

    @Test
    void psqlRunsAgainstTheTargetWithItsSettingsInTheEnvironment() throws Exception {
        TestPostgres.ensureCluster();
        String url = TestPostgres.url("postgres") + "?sslmode=prefer&sslrootcert=%2Fetc%2Fdbops%2Froot.crt";
        Target target = Target.server("cluster", url, TestPostgres.USER, null);
        PgTools tools = tools(Duration.ofMinutes(1));
        assertThat(tools.run(target, "psql", List.of("-X", "-At", "-c", "select 1")).strip()).isEqualTo("1");
        // sslmode=prefer falls back to plain TCP on the project cluster, so psql connects and shows its environment
        assertThat(tools.run(target, "psql", List.of("-X", "-At", "-c", "\\! printenv PGSSLMODE PGSSLROOTCERT PGAPPNAME"))
                .strip().split("\n")).containsExactly("prefer", "/etc/dbops/root.crt", "dbops-test");
    }

    @Test
    void aFailureNamesTheToolAndHidesThePassword() {
        TestPostgres.ensureCluster();
        Target target = Target.server("cluster", TestPostgres.url("postgres"), TestPostgres.USER, "s3cr3t-pw");
        assertThatThrownBy(() -> tools(Duration.ofMinutes(1)).run(target, "psql", List.of("-X", "-v",
                "ON_ERROR_STOP=1", "-c", "select 's3cr3t-pw'::int")))
                .isInstanceOf(ToolFailedException.class)
                .hasMessageStartingWith("psql failed (exit 1): ERROR:  invalid input syntax for type integer")
                .hasMessageNotContaining("s3cr3t-pw").hasMessageContaining("******");
    }

    @Test
    void aToolStillRunningAfterTheTimeoutIsStoppedAndFails() {
        TestPostgres.ensureCluster();
        Target target = Target.server("cluster", TestPostgres.url("postgres"), TestPostgres.USER, null);
        assertThatThrownBy(() -> tools(Duration.ofSeconds(1)).run(target, "psql",
                List.of("-X", "-c", "SELECT pg_sleep(600)")))
                .isInstanceOf(ToolFailedException.class)
                .hasMessage("psql failed: still running after PT1S (dbops.test.tool-timeout); stopped");
    }

    private static PgTools tools(Duration timeout) {
        return new PgTools(REGISTRY, new PgToolSettings(null, timeout, "dbops.test.tool-timeout", "dbops-test"));
    }
}
