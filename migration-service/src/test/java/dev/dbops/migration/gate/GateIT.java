package dev.dbops.migration.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.internal.configuration.ConfigUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CI gate, run as a pipeline runs it, against the real PostgreSQL: exit codes and its three formats. */
class GateIT {

    @RegisterExtension
    static final TestDatabase unsafe = new TestDatabase("gate_unsafe");
    @RegisterExtension
    static final TestDatabase safe = new TestDatabase("gate_safe");
    @RegisterExtension
    static final TestDatabase rehearsed = new TestDatabase("gate_rehearsed");
    @RegisterExtension
    static final TestDatabase empty = new TestDatabase("gate_empty");

    static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run gate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Gate(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(TestDatabase db, String project, String... more) {
        List<String> args = new ArrayList<>(List.of("--project", "src/test/resources/projects/" + project, "--url",
                db.url()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aBlockingFindingExitsOneAndPrintsItAsTextJsonAndSarif() throws Exception {
        Path sarifFile = dir.resolve("dbops.sarif");
        Path jsonFile = dir.resolve("plan.json");
        Run text = gate(args(unsafe, "unsafe", "--sarif", sarifFile.toString(), "--json", jsonFile.toString()));
        assertThat(text.exit()).as(text.err()).isEqualTo(1);
        assertThat(text.out()).contains("BLOCKING critical non-concurrent-index V2__index_owner.sql:2")
                .contains("safe: CREATE INDEX CONCURRENTLY").contains("BLOCKED");

        JsonNode plan = json.readTree(Files.readString(jsonFile));
        assertThat(plan.get("blocked").asBoolean()).isTrue();
        assertThat(plan.get("findings")).anySatisfy(f -> {
            assertThat(f.get("ruleId").asString()).isEqualTo("non-concurrent-index");
            assertThat(f.get("evidence").asString()).isIn("static", "both");
        });

        JsonNode sarif = json.readTree(Files.readString(sarifFile));
        assertSarifShape(sarif);
        JsonNode result = findResult(sarif, "non-concurrent-index");
        assertThat(result.get("level").asString()).isEqualTo("error");
        JsonNode location = result.get("locations").get(0).get("physicalLocation");
        assertThat(location.get("artifactLocation").get("uri").asString())
                .isEqualTo("src/test/resources/projects/unsafe/V2__index_owner.sql");
        assertThat(location.get("region").get("startLine").asInt()).isEqualTo(2);

        Run sarifOut = gate(args(unsafe, "unsafe", "--format", "sarif", "--no-lock-probe"));
        assertThat(sarifOut.exit()).isEqualTo(1);
        assertSarifShape(json.readTree(sarifOut.out()));
        Run jsonOut = gate(args(unsafe, "unsafe", "--format", "json", "--no-lock-probe"));
        assertThat(json.readTree(jsonOut.out()).get("blocked").asBoolean()).isTrue();
    }

    @Test
    void nothingBlockingExitsZeroAndReportOnlyNeverBlocks() {
        Run run = gate(args(safe, "shop", "--no-rehearsal"));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("V3 (index owner)").contains("passes");
        assertThat(gate(args(unsafe, "unsafe", "--policy", "report-only", "--no-lock-probe")).exit()).isEqualTo(0);
    }

    @Test
    void aProjectWithPlaceholdersCallbacksAndItsOwnSchemaRehearsesCleanly() throws Exception {
        // the target at V1 as plain Flyway left it: V2 and V3 pending, each with an undo script
        Path project = Path.of("src/test/resources/projects/rehearsed").toAbsolutePath();
        Map<String, String> conf = ConfigUtils.loadConfigurationFile(project.resolve("flyway.conf").toFile(), "UTF-8",
                false);
        Flyway.configure().configuration(conf).locations("filesystem:" + project).target("1")
                .dataSource(rehearsed.url(), TestPostgres.USER, "").load().migrate();

        Run run = gate(args(rehearsed, "rehearsed", "--format", "json"));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        JsonNode rehearsal = json.readTree(run.out()).get("rehearsal");
        assertThat(rehearsal.get("rehearsed").asBoolean()).as(rehearsal.toString()).isTrue();
        assertThat(rehearsal.get("identical").asBoolean()).as(rehearsal.toString()).isTrue();
    }

    @Test
    void locksOnIndexesOfTablesTheRequestCreatedHoldUpNoOne() throws Exception {
        // as public projects do on an empty database: an index built by V1 is dropped and rebuilt by V2
        Run run = gate(args(empty, "new-tables", "--format", "json", "--no-rehearsal"));
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        JsonNode plan = json.readTree(run.out());
        assertThat(plan.get("locks").get("V2__rebuild_owner_index.sql")).anySatisfy(lock -> {
            assertThat(lock.get("relation").asString()).isEqualTo("items_owner");
            assertThat(lock.has("estimatedRows")).as("the rows of its table: %s", lock).isTrue();
            assertThat(lock.get("estimatedRows").asLong()).isZero();
        });
        assertThat(plan.get("findings")).allSatisfy(f -> assertThat(f.get("severity").asString()).as(f.toString())
                .isEqualTo("info"));
    }

    @Test
    void aScriptFlywayRefusesBlocksInFlywaysWords() {
        Run run = gate(args(unsafe, "refused", "--no-lock-probe"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).containsIgnoringCase("non-transactional");
    }

    @Test
    void usageAndConnectionErrorsExitTwo() {
        assertThat(gate().exit()).isEqualTo(2);
        Run unknownFormat = gate(args(unsafe, "unsafe", "--format", "xml"));
        assertThat(unknownFormat.exit()).isEqualTo(2);
        assertThat(unknownFormat.err()).contains("--format must be text, json or sarif").contains("usage: gate");
        assertThat(gate("--project", "no/such/dir", "--url", unsafe.url()).exit()).isEqualTo(2);
        Run unreachable = gate("--project", "src/test/resources/projects/unsafe", "--url",
                "jdbc:postgresql://127.0.0.1:1/nowhere");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("gate:");
    }

    /** The properties SARIF 2.1.0 requires, and the ones code-scanning views read. */
    private static void assertSarifShape(JsonNode sarif) {
        assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asString()).contains("sarif-2.1.0");
        assertThat(sarif.get("runs")).hasSize(1);
        JsonNode driver = sarif.get("runs").get(0).get("tool").get("driver");
        assertThat(driver.get("name").asString()).isEqualTo("dbops");
        List<String> ruleIds = new ArrayList<>();
        driver.get("rules").forEach(r -> ruleIds.add(r.get("id").asString()));
        JsonNode results = sarif.get("runs").get(0).get("results");
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(ruleIds).contains(r.get("ruleId").asString());
            assertThat(r.get("level").asString()).isIn("error", "warning", "note", "none");
            assertThat(r.get("message").get("text").asString()).isNotBlank();
            if (r.has("locations")) {
                JsonNode physical = r.get("locations").get(0).get("physicalLocation");
                assertThat(physical.get("artifactLocation").get("uri").asString()).isNotBlank();
                if (physical.has("region")) {
                    assertThat(physical.get("region").get("startLine").asInt()).isPositive();
                }
            }
        });
    }

    private static JsonNode findResult(JsonNode sarif, String ruleId) {
        for (JsonNode r : sarif.get("runs").get(0).get("results")) {
            if (r.get("ruleId").asString().equals(ruleId)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + ruleId + " in " + sarif);
    }
}
