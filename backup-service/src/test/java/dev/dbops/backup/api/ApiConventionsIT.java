package dev.dbops.backup.api;

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

/**
 * backup-service's REST, common's dead-letter replay included, answers every error as an RFC 9457 problem and
 * documents every endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ApiConventionsIT extends ApiConventionsContract {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_api_conventions");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        TestKafka.register(registry, "BackupApiConventionsTest");
        registerToken(registry);
    }

    ApiConventionsIT() {
        super("/api/backups", "DELETE", "/api/backups");
    }

    @Test
    void badRequestsAreProblemsWithTheReason() {
        assertProblem(api.call("POST", "/api/restores", "{not json"), 400);
        assertThat(assertProblem(api.call("GET", "/api/restores", null), 400).path("detail").asString())
                .contains("target");
        assertThat(assertProblem(api.call("POST", "/api/dead-letters/dbops.backup.requests/replay", null), 400)
                .path("detail").asString()).contains("partition and offset");
    }

    @Test
    void anUnknownBackupRestoreOrTargetIsAProblem() {
        assertThat(assertProblem(api.call("GET", "/api/backups/no-such-backup", null), 404).path("detail")
                .asString()).isEqualTo("no backup no-such-backup");
        assertProblem(api.call("GET", "/api/restores/no-such-restore", null), 404);
        assertProblem(api.call("POST", "/api/backups/no-such-backup/verify", null), 404);
        assertThat(assertProblem(api.call("POST", "/api/backups", "{\"target\":\"nowhere\"}"), 404)
                .path("detail").asString()).contains("unknown target 'nowhere'");
    }
}
