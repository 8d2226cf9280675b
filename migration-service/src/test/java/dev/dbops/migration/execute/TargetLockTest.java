package dev.dbops.migration.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Advisory-lock waits on the real cluster end: a hung holder of the scratch copy cannot stall every later plan. */
class TargetLockTest {

    @RegisterExtension
    static final TestDatabase target = new TestDatabase("target_lock");

    static Target shop;

    @BeforeAll
    static void registry() {
        shop = new TargetRegistry(new TargetProperties(Map.of("shop", new TargetProperties.TargetSettings(
                TestPostgres.url(target.name()), TestPostgres.USER, null, null, null)),
                new TargetProperties.Security(List.of("*")))).require("shop");
    }

    @Test
    void waitingForTheScratchCopyTimesOutNamingTheTarget() throws Exception {
        try (TargetLock held = TargetLock.tryAcquireScratch(shop).orElseThrow()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> TargetLock.acquireScratch(shop, Duration.ofMillis(300)))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("scratch copy of target shop")
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03")));
        }
        try (TargetLock free = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> TargetLock.acquireScratch(shop, Duration.ofMillis(300)))) {
            assertThat(TargetLock.tryAcquireScratch(shop)).isEmpty();
        }
    }
}
