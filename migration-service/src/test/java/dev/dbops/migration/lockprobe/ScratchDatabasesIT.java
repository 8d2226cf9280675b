package dev.dbops.migration.lockprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbops.common.engine.TargetLock;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.migration.config.MigrationSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scratch copy on the real server: adopted after a crash, shared by instances one plan at a time. */
class ScratchDatabasesIT {

    @RegisterExtension
    static final TestDatabase target = new TestDatabase("scratch_target");

    static TargetRegistry registry;
    static Target shop;

    @BeforeAll
    static void schema() {
        target.execute("CREATE TABLE items (id bigint PRIMARY KEY, qty int)");
        registry = new TargetRegistry(new TargetProperties(Map.of("shop",
                new TargetProperties.TargetSettings(TestPostgres.url(target.name()), TestPostgres.USER, null, null,
                        null)), new TargetProperties.Security(List.of("*"))));
        shop = registry.require("shop");
    }

    @AfterEach
    void dropScratch() throws Exception {
        try (Connection c = shop.connect()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + ScratchDatabases.nameFor(target.name())
                    + " WITH (FORCE)");
        }
    }

    @Test
    void aCopyLeftBehindByAKilledInstanceIsAdoptedEmptiedAndDroppedAtStop() throws Exception {
        String leftover = ScratchDatabases.nameFor(target.name());
        try (Connection c = shop.connect()) {
            c.createStatement().execute("CREATE DATABASE " + leftover);
        }
        try (Connection c = shop.connectTo(leftover)) {
            c.createStatement().execute("CREATE TABLE half_loaded (id int)");
        }

        ScratchDatabases restarted = instance();
        try (ScratchCopy copy = restarted.copyOf(shop)) {
            assertThat(tables(copy)).containsExactly("items");
        }
        assertThat(scratchDatabases()).containsExactly(leftover);

        restarted.destroy();
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void twoInstancesTakeTurnsOnTheOneCopyAndTheStoppingOneLeavesItToTheUser() throws Exception {
        ScratchDatabases first = instance();
        ScratchDatabases second = instance();
        CompletableFuture<List<String>> secondPlan;
        try (ScratchCopy copy = first.copyOf(shop)) {
            secondPlan = CompletableFuture.supplyAsync(() -> {
                try (ScratchCopy turn = second.copyOf(shop)) {
                    return tables(turn);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1_000);
            assertThat(secondPlan).isNotDone();
            assertThat(tables(copy)).containsExactly("items");
        }
        assertThat(secondPlan.get(60, TimeUnit.SECONDS)).containsExactly("items");

        try (ScratchCopy copy = second.copyOf(shop)) {
            first.destroy();
            assertThat(scratchDatabases()).hasSize(1);
            assertThat(tables(copy)).containsExactly("items");
        }
    }

    /** Advisory-lock waits on the real cluster end: a hung holder of the scratch copy cannot stall every later plan. */
    @Test
    void waitingForTheScratchCopyTimesOutNamingTheTarget() throws Exception {
        try (TargetLock held = TargetLock.tryAcquire(shop::connect, ScratchDatabases.SCRATCH_LOCK).orElseThrow()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> ScratchDatabases.lockScratch(shop, Duration.ofMillis(300)))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("scratch copy of target shop")
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03")));
        }
        try (TargetLock free = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ScratchDatabases.lockScratch(shop, Duration.ofMillis(300)))) {
            assertThat(TargetLock.tryAcquire(shop::connect, ScratchDatabases.SCRATCH_LOCK)).isEmpty();
        }
    }

    @Test
    void namesAreValidIdentifiersDistinctPerTargetDatabase() {
        String a = ScratchDatabases.nameFor("orders_" + "x".repeat(80) + "_eu");
        String b = ScratchDatabases.nameFor("orders_" + "x".repeat(80) + "_us");
        assertThat(a).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9_]+").isNotEqualTo(b);
        assertThat(ScratchDatabases.nameFor("Shop-DB")).isEqualTo("dbops_scratch_shop_db");
    }

    private static ScratchDatabases instance() {
        return new ScratchDatabases(new SchemaTools(new MigrationSettings(null,
                new MigrationSettings.Tools("pg_dump", "psql", Duration.ofMinutes(10)), null, Map.of()), registry), registry);
    }

    private static List<String> tables(ScratchCopy copy) throws Exception {
        try (Connection c = copy.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static List<String> scratchDatabases() throws Exception {
        try (Connection c = shop.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT datname FROM pg_database WHERE datname = '" + ScratchDatabases.nameFor(target.name()) + "'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
