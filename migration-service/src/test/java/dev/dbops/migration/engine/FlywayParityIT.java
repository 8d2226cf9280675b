package dev.dbops.migration.engine;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.configuration.ConfigUtils;
import org.flywaydb.core.internal.configuration.TomlUtils;
import org.flywaydb.core.internal.configuration.models.ConfigurationModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each project under {@code src/test/resources/flyway-projects} is applied twice: by a MigrationRequested on
 * the real broker (dbops), and by plain Flyway (the flyway-core API, configured from the project's own
 * flyway.conf / flyway.toml as Flyway's command line would be) into a second database. The schemas
 * ({@code pg_dump --schema-only}, history tables aside) and the history rows must be the same.
 */
@SpringBootTest
@DirtiesContext
class FlywayParityIT {

    static final List<String> PROJECTS = List.of("repeatables", "callbacks", "toml", "baseline", "per-script",
            "schemas");
    static final Path PROJECTS_DIR = Path.of("src/test/resources/flyway-projects").toAbsolutePath();
    /** The schemas project, copied so that a later version can be added to it (outOfOrder). */
    static final Path SCHEMAS_COPY = copyWithout(PROJECTS_DIR.resolve("schemas"), "V2__shipments.sql");

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("parity_platform");
    static final Map<String, TestDatabase> viaDbops = databases("dbops");
    static final Map<String, TestDatabase> viaFlyway = databases("flyway");

    static final JsonMapper json = JsonMapper.builder().build();
    static TopicProbe events;

    @Autowired
    TopicNames topics;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        for (String project : PROJECTS) {
            String id = project.replace("-", "");
            viaDbops.get(project).registerAsTarget(registry, id);
            registry.add("dbops.migration.targets." + id + ".project", () -> projectDir(project).toString());
            registry.add("dbops.migration.targets." + id + ".policy.backup-first", () -> "false");
        }
        registry.add("dbops.migration.worker.poll-interval", () -> "100ms");
        registry.add("dbops.security.allowed-sources", () -> "*");
        TestKafka.register(registry, "FlywayParityIT");
    }

    @BeforeAll
    static void setUp(@Autowired TopicNames topics) {
        events = new TopicProbe(topics.migrationEvents());
    }

    @AfterAll
    static void tearDown() throws IOException {
        events.close();
        viaDbops.values().forEach(TestDatabase::drop);
        viaFlyway.values().forEach(TestDatabase::drop);
        try (var files = Files.list(SCHEMAS_COPY)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(SCHEMAS_COPY);
    }

    @Test
    void repeatableScriptsOverTablesOfLaterVersionsRunAfterTheLastVersionedOne() throws Exception {
        assertSameAsPlainFlyway("repeatables", "flyway_schema_history");
        assertThat(query(viaDbops.get("repeatables"), "SELECT obj_description('customer_orders'::regclass)"))
                .containsExactly("orders per customer, kept by postgres");
    }

    @Test
    void callbacksInSubfoldersRunAtTheirEventsWithPlaceholders() throws Exception {
        assertSameAsPlainFlyway("callbacks", "flyway_schema_history");
        String audit = "SELECT event || ' ' || coalesce(script, '') FROM migration_audit ORDER BY seq";
        assertThat(query(viaDbops.get("callbacks"), audit)).isEqualTo(query(viaFlyway.get("callbacks"), audit))
                .hasSize(8).startsWith("beforeMigrate ").endsWith("afterMigrate ");
    }

    @Test
    void flywayTomlWithItsSchemaAndPlaceholders() throws Exception {
        assertSameAsPlainFlyway("toml", "app.flyway_schema_history");
        assertThat(query(viaDbops.get("toml"), "SELECT to_regclass('app.shop_products') IS NOT NULL"))
                .containsExactly("t");
    }

    @Test
    void anExistingSchemaIsBaselined() throws Exception {
        String existing = "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL);"
                + "CREATE TABLE ledger (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id),"
                + " amount numeric NOT NULL);";
        viaDbops.get("baseline").execute(existing);
        viaFlyway.get("baseline").execute(existing);
        String requestId = assertSameAsPlainFlyway("baseline", "flyway_schema_history");
        // the plan lists what the request runs: the baseline covers V1 and V2
        JsonNode planned = payload(events.await(1, r -> requestId.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").equals("dev.dbops.migration-planned.v1"), Duration.ofSeconds(10)).get(0));
        assertThat(planned.get("steps")).extracting(step -> step.get("version").asString())
                .containsExactly("3", "4");
        assertThat(query(viaDbops.get("baseline"), "SELECT type || ' ' || version FROM flyway_schema_history "
                + "ORDER BY installed_rank")).containsExactly("BASELINE 2", "SQL 3", "SQL 4");
    }

    @Test
    void perScriptConfigurationAndMixedRunOutsideTransactions() throws Exception {
        String requestId = assertSameAsPlainFlyway("per-script", "flyway_schema_history");
        // V3 runs outside a transaction (mixed), so CONCURRENTLY beside other statements is no error, only a
        // step that can half-apply
        JsonNode planned = payload(events.await(1, r -> requestId.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").equals("dev.dbops.migration-planned.v1"), Duration.ofSeconds(10)).get(0));
        assertThat(planned.get("blocked").asBoolean()).isFalse();
        assertThat(planned.get("findings")).filteredOn(f -> f.get("ruleId").asString().equals("non-atomic-step"))
                .singleElement().satisfies(f -> {
                    assertThat(f.get("version").asString()).isEqualTo("3");
                    assertThat(f.get("severity").asString()).isEqualTo("warning");
                });
        assertThat(query(viaDbops.get("per-script"), "SELECT count(*) FROM pg_index WHERE indisvalid AND "
                + "indexrelid::regclass::text IN ('tickets_status', 'tickets_opened')")).containsExactly("2");
    }

    @Test
    void severalSchemasAndALaterVersionAppliedOutOfOrder() throws Exception {
        assertSameAsPlainFlyway("schemas", "billing.schema_history");
        Files.copy(PROJECTS_DIR.resolve("schemas/V2__shipments.sql"), SCHEMAS_COPY.resolve("V2__shipments.sql"));
        assertSameAsPlainFlyway("schemas", "billing.schema_history");
        assertThat(query(viaDbops.get("schemas"), "SELECT version FROM billing.schema_history ORDER BY installed_rank"))
                .containsExactly(null, "1", "3", null, "2");
    }

    /**
     * Applies the project through dbops and through plain Flyway, then compares schemas and histories.
     *
     * @return the id of dbops's request
     */
    private String assertSameAsPlainFlyway(String project, String historyTable) throws Exception {
        String id = project.replace("-", "");
        String requestId = request(id);
        JsonNode outcome = payload(events.await(1, r -> requestId.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").matches("dev\\.dbops\\.migration-(completed|failed)\\.v1"),
                Duration.ofSeconds(120)).get(0));
        assertThat(outcome.has("currentVersion")).as("dbops outcome %s", outcome).isTrue();

        plainFlyway(project, viaFlyway.get(project)).migrate();

        assertThat(schema(viaDbops.get(project))).isEqualTo(schema(viaFlyway.get(project)));
        String history = "SELECT concat_ws(' | ', version, description, type, script, checksum, success) FROM "
                + historyTable + " ORDER BY installed_rank";
        assertThat(query(viaDbops.get(project), history)).isEqualTo(query(viaFlyway.get(project), history))
                .isNotEmpty();
        return requestId;
    }

    /** Plain Flyway with the project's own configuration, its locations relative to the project as for the CLI. */
    private static Flyway plainFlyway(String project, TestDatabase db) throws IOException {
        Path dir = projectDir(project);
        FluentConfiguration configuration = Flyway.configure();
        String[] locations = {"filesystem:" + dir};
        if (Files.exists(dir.resolve("flyway.toml"))) {
            ClassicConfiguration toml = new ClassicConfiguration(ConfigurationModel.defaults()
                    .merge(TomlUtils.loadConfigurationFiles(List.of(dir.resolve("flyway.toml").toFile()))));
            configuration.configuration(toml);
            locations = Arrays.stream(toml.getLocations()).map(Location::getDescriptor).toArray(String[]::new);
            ConfigUtils.makeRelativeLocationsBasedOnWorkingDirectory(dir.toString(), locations);
        } else if (Files.exists(dir.resolve("flyway.conf"))) {
            Map<String, String> conf = ConfigUtils.loadConfigurationFile(dir.resolve("flyway.conf").toFile(), "UTF-8",
                    false);
            configuration.configuration(conf);
            if (conf.containsKey("flyway.locations")) {
                locations = conf.get("flyway.locations").split(",");
                ConfigUtils.makeRelativeLocationsBasedOnWorkingDirectory(dir.toString(), locations);
            }
        }
        return configuration.locations(locations).dataSource(db.url(), TestPostgres.USER, "").load();
    }

    /** The database's schema as pg_dump prints it, without the history tables and pg_dump's per-run key. */
    private static String schema(TestDatabase db) throws Exception {
        Process dump = new ProcessBuilder("pg_dump", "--schema-only", "--exclude-table=*.flyway_schema_history",
                "--exclude-table=*.schema_history", "-h", TestPostgres.HOST, "-p", String.valueOf(TestPostgres.PORT),
                "-U", TestPostgres.USER, db.name()).redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes());
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).as(out).isZero();
        return out.lines().filter(line -> !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }

    private String request(String target) {
        String id = UUID.randomUUID().toString();
        Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.migration-requested.v1", target);
        headers.put("ce_source", "/ops/kcat");
        try (RawProducer producer = new RawProducer()) {
            // a plain request under the service's default policy (lock probe, rehearsal, block-critical)
            producer.send(topics.migrationRequests(), target, headers, "{\"requestId\":\"" + id + "\",\"target\":\""
                    + target + "\",\"requestedBy\":\"test\",\"reason\":\"parity\"}");
        }
        return id;
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) {
        return json.readTree(record.value());
    }

    private static List<String> query(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db.name()); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static Path projectDir(String project) {
        return project.equals("schemas") ? SCHEMAS_COPY : PROJECTS_DIR.resolve(project);
    }

    private static Map<String, TestDatabase> databases(String via) {
        Map<String, TestDatabase> databases = new java.util.HashMap<>();
        for (String project : PROJECTS) {
            TestDatabase db = new TestDatabase("parity_" + project.replace("-", "") + "_" + via);
            db.create();
            databases.put(project, db);
        }
        return databases;
    }

    private static Path copyWithout(Path project, String left) {
        try {
            Path copy = Files.createTempDirectory("dbops-parity-schemas-");
            try (var files = Files.list(project)) {
                for (Path file : files.toList()) {
                    if (!file.getFileName().toString().equals(left)) {
                        Files.copy(file, copy.resolve(file.getFileName()));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
