package dev.dbops.migration.engine;

import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.cloudevents.EventCodec;
import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import dev.dbops.migration.store.RequestKind;
import dev.dbops.migration.store.RequestStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stimulate with records written as kcat writes them, wait for the events an operator would see. The test
 * plays the backup-service: it answers BackupRequested with BackupCompleted/BackupFailed on the real broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MigrationFlowIT {

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("migration_flow");
    @RegisterExtension
    static final TestDatabase shop = new TestDatabase("mig_shop");
    @RegisterExtension
    static final TestDatabase unsafe = new TestDatabase("mig_unsafe");
    @RegisterExtension
    static final TestDatabase failing = new TestDatabase("mig_failing");
    @RegisterExtension
    static final TestDatabase locked = new TestDatabase("mig_locked");
    @RegisterExtension
    static final TestDatabase resumed = new TestDatabase("mig_resumed");
    @RegisterExtension
    static final TestDatabase drift = new TestDatabase("mig_drift");
    @RegisterExtension
    static final TestDatabase unanswered = new TestDatabase("mig_unanswered");

    @RegisterExtension
    static final TestDatabase building = new TestDatabase("mig_building");

    /** A target whose role may not create databases: no scratch copy can be made for it. */
    @RegisterExtension
    static final TestDatabase nocopy = new TestDatabase("mig_nocopy");

    static final String ROLE_WITHOUT_CREATEDB = "dbops_test_nocreatedb";

    /** A project this test edits, as an operator would edit an applied script by mistake. */
    static final Path DRIFT_PROJECT = copyOf(Path.of("src/test/resources/projects/locked"));

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        Map.of("shop", shop, "unsafe", unsafe, "failing", failing, "locked", locked, "resumed", resumed, "drift", drift,
                "unanswered", unanswered, "building", building).forEach((id, db) -> {
            db.registerAsTarget(registry, id);
            registry.add("dbops.migration.targets." + id + ".project",
                    () -> project(id).toString());
            if (!id.equals("shop") && !id.equals("unanswered")) {
                registry.add("dbops.migration.targets." + id + ".policy.backup-first", () -> "false");
            }
        });
        registry.add("dbops.migration.targets.locked.policy.retries.max-attempts", () -> "3");
        registry.add("dbops.migration.targets.locked.policy.retries.initial-backoff", () -> "50ms");
        registry.add("dbops.migration.targets.locked.policy.retries.multiplier", () -> "2");
        registry.add("dbops.migration.targets.locked.policy.retries.max-backoff", () -> "1s");
        registry.add("dbops.migration.targets.locked.policy.lock-probe", () -> "false");
        registry.add("dbops.migration.targets.unanswered.policy.backup-timeout", () -> "2s");
        registry.add("dbops.migration.targets.unanswered.policy.lock-probe", () -> "false");
        registry.add("dbops.migration.targets.building.policy.retries.max-attempts", () -> "20");
        registry.add("dbops.migration.targets.building.policy.retries.initial-backoff", () -> "100ms");
        registry.add("dbops.migration.targets.building.policy.retries.max-backoff", () -> "300ms");
        registry.add("dbops.migration.targets.building.policy.lock-probe", () -> "false");
        registry.add("dbops.targets.nocopy.url", nocopy::url);
        registry.add("dbops.targets.nocopy.username", () -> ROLE_WITHOUT_CREATEDB);
        registry.add("dbops.migration.targets.nocopy.project", () -> project("locked").toString());
        registry.add("dbops.migration.worker.poll-interval", () -> "100ms");
        registry.add("dbops.security.allowed-sources", () -> "*");
        TestKafka.register(registry, "MigrationFlowIT");
    }

    @Autowired
    TopicNames topics;

    @Autowired
    MigrationRequests requests;

    @LocalServerPort
    int port;

    static TopicProbe events;
    static TopicProbe backupRequests;

    @BeforeAll
    static void probes(@Autowired TopicNames topics) {
        events = new TopicProbe(topics.migrationEvents());
        backupRequests = new TopicProbe(topics.backupRequests());
    }

    @AfterAll
    static void closeProbes() throws java.io.IOException {
        events.close();
        backupRequests.close();
        try (var files = java.nio.file.Files.list(DRIFT_PROJECT)) {
            for (Path file : files.toList()) {
                java.nio.file.Files.delete(file);
            }
        }
        java.nio.file.Files.delete(DRIFT_PROJECT);
    }

    @Test
    void dryRunPlansAndChangesNothingThenBackupFirstMigratesThenRollbackAndRedo() throws Exception {
        String dry = request("shop", "{\"dryRun\":true}");
        JsonNode planned = payload(await(dry, "migration-planned"));
        assertThat(planned.get("dryRun").asBoolean()).isTrue();
        assertThat(planned.get("steps")).extracting(s -> s.get("version").asString()).containsExactly("1", "2", "3");
        assertThat(planned.get("steps").get(2).get("transactional").asBoolean()).isFalse();
        assertThat(planned.get("steps").get(0).get("checksum").isNumber()).isTrue();
        assertThat(planned.get("blocked").asBoolean()).isFalse();
        assertThat(planned.get("rehearsal").get("summary").asString()).contains("not rehearsed: V1 (items) has no undo");
        assertThat(tableExists(shop, "flyway_schema_history")).isFalse();
        assertThat(tableExists(shop, "items")).isFalse();

        String id = request("shop", "{}");
        JsonNode plan = payload(await(id, "migration-planned"));
        assertThat(plan.get("steps").get(1).get("observedLocks")).anySatisfy(lock -> {
            assertThat(lock.get("relation").asString()).isEqualTo("items");
            assertThat(lock.get("mode").asString()).isEqualTo("AccessExclusiveLock");
            assertThat(lock.get("rewritten").asBoolean()).isFalse();
        });
        assertThat(plan.get("steps").get(2).get("observedLocks")).anySatisfy(lock ->
                assertThat(lock.get("mode").asString()).isEqualTo("ShareUpdateExclusiveLock"));
        ConsumerRecord<String, String> backupRequest = backupRequests.await(1,
                r -> id.equals(header(r, "ce_correlationid")), Duration.ofSeconds(60)).get(0);
        assertThat(payload(backupRequest).get("reason").asString()).isEqualTo("pre-migration");
        assertThat(events.drain(Duration.ofMillis(500))).noneMatch(r -> id.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").contains("migration-started"));
        answerBackup(id, "backup-completed", "{\"backupId\":\"b-42\",\"target\":\"shop\",\"reason\":\"pre-migration\","
                + "\"requestId\":\"" + payload(backupRequest).get("requestId").asString() + "\",\"sizeBytes\":1,"
                + "\"manifestSha256\":\"00\",\"durationMs\":1,\"location\":\"file:///b-42\",\"completedAt\":\""
                + Instant.now() + "\"}");
        assertThat(payload(await(id, "migration-started")).get("backupId").asString()).isEqualTo("b-42");
        JsonNode completed = payload(await(id, "migration-completed"));
        assertThat(completed.get("currentVersion").asString()).isEqualTo("3");
        assertThat(completed.get("applied")).extracting(s -> s.get("version").asString()).containsExactly("1", "2", "3");
        assertThat(query(shop, "SELECT count(*) FROM pg_index WHERE indexrelid = 'items_owner'::regclass AND indisvalid"))
                .containsExactly("1");
        assertThat(tableExists(shop, "after_migrate_ran")).isTrue();

        String rollback = rollback("shop", "1");
        completeBackup(rollback, "shop");
        JsonNode rolledBack = payload(await(rollback, "migration-rolled-back"));
        assertThat(rolledBack.get("undoneVersions")).extracting(JsonNode::asString).containsExactly("3", "2");
        assertThat(rolledBack.get("automatic").asBoolean()).isFalse();
        assertThat(query(shop, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' "
                + "AND column_name = 'note'")).containsExactly("0");
        assertThat(query(shop, "SELECT version || ':' || type || ':' || script FROM flyway_schema_history "
                + "WHERE type = 'DELETE' ORDER BY installed_rank")).containsExactly("3:DELETE:U3__index_owner.sql",
                        "2:DELETE:U2__add_note.sql");

        shop.execute("ANALYZE items");
        String again = request("shop", "{\"backupFirst\":false}");
        JsonNode replanned = payload(await(again, "migration-planned"));
        assertThat(replanned.get("steps").get(0).get("observedLocks")).anySatisfy(lock ->
                assertThat(lock.get("estimatedRows").asLong()).isEqualTo(1000));
        assertThat(replanned.get("findings")).anySatisfy(f ->
                assertThat(f.get("ruleId").asString()).isEqualTo("observed-blocking-lock"));
        JsonNode rehearsal = replanned.get("rehearsal");
        assertThat(rehearsal.get("rehearsed").asBoolean()).isTrue();
        assertThat(rehearsal.get("identical").asBoolean()).as(rehearsal.toString()).isTrue();
        assertThat(payload(await(again, "migration-completed")).get("applied"))
                .extracting(s -> s.get("version").asString()).containsExactly("2", "3");

        // the requests by outcome, as Prometheus scrapes them (without the token)
        String scrape = http("GET", "/actuator/prometheus", null).body();
        assertThat(scrape).contains("dbops_migration_requests{status=\"completed\",target=\"shop\"} 2.0",
                "dbops_migration_requests{status=\"rolled_back\",target=\"shop\"} 1.0",
                "dbops_migration_requests{status=\"planned\",target=\"shop\"} 1.0",
                "dbops_migration_requests{status=\"running\",target=\"shop\"} 0.0");
    }

    @Test
    void aBlockingLintFindingFailsTheRequestWithoutTouchingTheTarget() throws Exception {
        String id = request("unsafe", "{}");
        JsonNode planned = payload(await(id, "migration-planned"));
        assertThat(planned.get("blocked").asBoolean()).isTrue();
        JsonNode finding = findRule(planned, "non-concurrent-index");
        assertThat(finding.get("blocking").asBoolean()).isTrue();
        assertThat(finding.get("version").asString()).isEqualTo("2");
        assertThat(finding.get("line").asInt()).isEqualTo(2);
        JsonNode failed = payload(await(id, "migration-failed"));
        assertThat(failed.get("cause").asString()).isEqualTo("lint-blocked");
        assertThat(tableExists(unsafe, "flyway_schema_history")).isFalse();
    }

    @Test
    void aBackupThatNeverAnswersFailsTheRequestAfterTheTimeoutWithoutTouchingTheTarget() throws Exception {
        String id = request("unanswered", "{}");
        ConsumerRecord<String, String> backupRequest = backupRequests.await(1,
                r -> id.equals(header(r, "ce_correlationid")), Duration.ofSeconds(60)).get(0);
        // answers in the saga's name that are not the backup it asked for: another target, another backup
        String asked = payload(backupRequest).get("requestId").asString();
        answerBackup(id, "backup-completed", completed("b-other-target", "shop", asked));
        answerBackup(id, "backup-completed", completed("b-other-backup", "unanswered", "another-request"));
        JsonNode failed = payload(await(id, "migration-failed"));
        assertThat(failed.get("cause").asString()).isEqualTo("backup-timeout");
        assertThat(tableExists(unanswered, "flyway_schema_history")).isFalse();
    }

    @Test
    void aFailedStepUndoesWhatTheRequestApplied() throws Exception {
        await(request("failing", "{\"targetVersion\":\"1\"}"), "migration-completed");
        // a row only the target has: the scratch copy cannot see the failure coming
        failing.execute("INSERT INTO items VALUES (9999, 1, 900)");
        String id = request("failing", "{}");
        JsonNode rolledBack = payload(await(id, "migration-rolled-back"));
        assertThat(rolledBack.get("automatic").asBoolean()).isTrue();
        assertThat(rolledBack.get("undoneVersions")).extracting(JsonNode::asString).containsExactly("3", "2");
        JsonNode failed = payload(await(id, "migration-failed"));
        assertThat(failed.get("failedVersion").asString()).isEqualTo("4");
        assertThat(failed.get("sqlState").asString()).isEqualTo("23514");
        assertThat(failed.get("targetState").asString()).contains("back at version 1");
        assertThat(query(failing, "SELECT count(*) FROM pg_constraint WHERE conname = 'qty_below_500'"))
                .containsExactly("0");
    }

    @Test
    void lockTimeoutsAreRetriedThenFailNamingTheBlockerAndBadInputFailsClearly() throws Exception {
        assertThat(payload(await(request("locked", "{\"targetVersion\":\"1\"}"), "migration-completed"))
                .get("currentVersion").asString()).isEqualTo("1");

        try (Connection blocker = DriverManager.getConnection(locked.url(), TestPostgres.USER, "")) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SET application_name = 'nightly-report'");
            blocker.createStatement().execute("LOCK TABLE items IN ACCESS SHARE MODE");
            // the blocker's last query carries someone's data: only its shape may leave the service
            blocker.createStatement().execute("SELECT count(*) FROM items WHERE owner_id = 4111 OR 'x' = 'card 5500'");
            JsonNode failed = payload(await(request("locked", "{}"), "migration-failed"));
            assertThat(failed.get("cause").asString()).isEqualTo("lock-timeout");
            assertThat(failed.get("sqlState").asString()).isEqualTo("55P03");
            assertThat(failed.get("message").asString()).contains("3 attempts").contains("nightly-report")
                    .contains("SELECT count(*) FROM items WHERE owner_id = $1 OR $2 = $3")
                    .doesNotContain("4111").doesNotContain("card 5500");
            blocker.rollback();
        }
        assertThat(payload(await(request("locked", "{\"targetVersion\":\"99\"}"), "migration-failed"))
                .get("cause").asString()).isEqualTo("unknown-version");

        String backupFails = request("locked", "{\"backupFirst\":true}");
        String asked = payload(backupRequests.await(1, r -> backupFails.equals(header(r, "ce_correlationid")),
                Duration.ofSeconds(60)).get(0)).get("requestId").asString();
        answerBackup(backupFails, "backup-failed", "{\"target\":\"locked\",\"reason\":\"pre-migration\","
                + "\"requestId\":\"" + asked + "\","
                + "\"cause\":\"disk full\",\"failedAt\":\"" + Instant.now() + "\"}");
        JsonNode failed = payload(await(backupFails, "migration-failed"));
        assertThat(failed.get("cause").asString()).isEqualTo("backup-failed");
        assertThat(failed.get("message").asString()).contains("disk full");
        assertThat(query(locked, "SELECT max(version) FROM flyway_schema_history WHERE success")).containsExactly("1");

        // another instance holds the target: the request waits its turn, then runs
        String up;
        try (Connection otherInstance = DriverManager.getConnection(locked.url(), TestPostgres.USER, "")) {
            otherInstance.createStatement().execute("SELECT pg_advisory_lock(" + 0x64626f70 + ", 1)");
            up = request("locked", "{}");
            assertThat(events.drain(Duration.ofSeconds(3))).noneMatch(r -> up.equals(header(r, "ce_correlationid")));
        }
        await(up, "migration-completed");
        assertThat(payload(await(request("locked", "{\"targetVersion\":\"1\"}"), "migration-failed"))
                .get("cause").asString()).isEqualTo("version-below-current");
    }

    @Test
    void anIndexBuildThatTimesOutWaitingForAWriterLeavesNoInvalidIndexBehind() throws Exception {
        await(request("building", "{\"targetVersion\":\"2\"}"), "migration-completed");
        String id;
        try (Connection writer = DriverManager.getConnection(building.url(), TestPostgres.USER, "")) {
            // CREATE INDEX CONCURRENTLY commits its INVALID catalog entry, then waits for this writer
            // and hits lock_timeout, leaving an INVALID items_owner behind
            writer.setAutoCommit(false);
            writer.createStatement().execute("UPDATE items SET qty = qty WHERE id = 1");
            id = request("building", "{\"targetVersion\":\"3\"}");
            // the retry must clear the first attempt's INVALID index (itself waiting for the writer)
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> !query(
                    building, """
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'DROP INDEX CONCURRENTLY%items_owner%'""")
                    .isEmpty());
            writer.rollback();
        }
        JsonNode completed = payload(await(id, "migration-completed"));
        JsonNode step = completed.get("applied").get(0);
        assertThat(step.get("version").asString()).isEqualTo("3");
        assertThat(step.get("lockRetries").asInt()).isPositive();
        // without the drop, the retry's IF NOT EXISTS would skip and keep the INVALID index
        assertThat(query(building, """
                SELECT c.relname || ' ' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                WHERE c.relname LIKE 'items_owner%'""")).containsExactly("items_owner true");
    }

    @Test
    void aPlanWithoutAScratchCopySaysSoAndStillPlans() throws Exception {
        nocopy.execute("DO $$ BEGIN CREATE ROLE " + ROLE_WITHOUT_CREATEDB + " LOGIN NOCREATEDB; "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        JsonNode planned = payload(await(request("nocopy", "{\"dryRun\":true}"), "migration-planned"));
        assertThat(planned.get("steps")).extracting(s -> s.get("version").asString()).containsExactly("1", "2");
        JsonNode unavailable = findRule(planned, "lock-probe-unavailable");
        assertThat(unavailable.get("severity").asString()).isEqualTo("warning");
        assertThat(unavailable.get("message").asString()).contains("permission denied to create database");
        assertThat(planned.get("blocked").asBoolean()).isFalse();
    }

    @Test
    void restPlansListsPendingStepsAndReportsARequest() throws Exception {
        HttpResponse<String> plan = http("GET", "/api/targets/unsafe/plan", null);
        assertThat(plan.statusCode()).isEqualTo(200);
        JsonNode planned = json.readTree(plan.body());
        assertThat(planned.get("blocked").asBoolean()).isTrue();
        assertThat(findRule(planned, "non-concurrent-index").get("safeAlternative").asString()).contains("CONCURRENTLY");

        JsonNode pending = json.readTree(http("GET", "/api/targets/unsafe/pending", null).body());
        assertThat(pending).extracting(s -> s.get("script").asString())
                .containsExactly("V1__items.sql", "V2__index_owner.sql");
        HttpResponse<String> unknownVersion = http("GET", "/api/targets/unsafe/plan?targetVersion=99", null);
        assertThat(unknownVersion.statusCode()).isEqualTo(422);
        assertThat(json.readTree(unknownVersion.body()).get("cause").asString()).isEqualTo("unknown-version");
        assertThat(http("GET", "/api/targets/nowhere/pending", null).statusCode()).isEqualTo(404);
        assertThat(http("POST", "/api/targets/unsafe/migrations", "{\"reason\":\"no requester\"}").statusCode())
                .isEqualTo(400);

        HttpResponse<String> accepted = http("POST", "/api/targets/unsafe/migrations",
                "{\"dryRun\":true,\"requestedBy\":\"alice\",\"reason\":\"what would it do\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String status = json.readTree(accepted.body()).get("statusUrl").asString();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                json.readTree(http("GET", status, null).body()).get("status").asString().equals("PLANNED"));
        assertThat(json.readTree(http("GET", status, null).body()).get("plan").get("steps")).hasSize(2);
        assertThat(json.readTree(http("GET", "/api/targets/unsafe/history", null).body())).isEmpty();
    }

    @Test
    void anAppliedScriptChangedSinceIsABlockingFindingNoOverrideWaives() throws Exception {
        await(request("drift", "{}"), "migration-completed");
        java.nio.file.Files.writeString(DRIFT_PROJECT.resolve("V1__items.sql"), "-- edited after it was applied\n",
                java.nio.file.StandardOpenOption.APPEND);
        String id = request("drift", "{\"overrideFindings\":true}");
        JsonNode finding = findRule(payload(await(id, "migration-planned")), "checksum-drift");
        assertThat(finding.get("blocking").asBoolean()).isTrue();
        assertThat(finding.get("version").asString()).isEqualTo("1");
        JsonNode failed = payload(await(id, "migration-failed"));
        assertThat(failed.get("cause").asString()).isEqualTo("lint-blocked");
        assertThat(failed.get("message").asString()).contains("not overridable");
    }

    @Test
    void aRequestAnInstanceLeftRunningIsResumedWithoutRedoingItsAppliedStep() throws Exception {
        // what a crashed instance leaves: V1 applied on the target, the request RUNNING with V1 recorded
        Flyway.configure().dataSource(resumed.url(), TestPostgres.USER, "").locations("filesystem:" + project("resumed"))
                .target("1").load().migrate();
        String id = UUID.randomUUID().toString();
        MigrationPlanned plan = new MigrationPlanned(id, "resumed", null, "2", List.of(
                new MigrationPlanned.PlannedStep("1", "items", "versioned", null, true, List.of()),
                new MigrationPlanned.PlannedStep("2", "add note", "versioned", null, true, List.of())),
                List.of(), false, false, Instant.now(), null);
        MigrationRequest request = new MigrationRequest(id, "resumed", RequestKind.MIGRATE, null, false, false,
                false, "test", "crash", "/ops/kcat", Instant.now());
        request.planned(EventCodec.mapper().writeValueAsString(plan), null);
        request.applied(EventCodec.mapper().writeValueAsString(List.of(new AppliedStep("1", "items", 5, 0))),
                Instant.now());
        request.moveTo(RequestStatus.RUNNING, "running", Instant.now());
        requests.save(request);

        JsonNode completed = payload(await(id, "migration-completed"));
        assertThat(completed.get("applied")).extracting(s -> s.get("version").asString()).containsExactly("1", "2");
        assertThat(query(resumed, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'")).containsExactly("1");
        assertThat(query(resumed, "SELECT count(*) FROM items")).containsExactly("1000");
        assertThat(events.drain(Duration.ofMillis(500))).noneMatch(r -> id.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").contains("migration-started"));
    }

    private static Path project(String target) {
        if (target.equals("drift")) {
            return DRIFT_PROJECT;
        }
        return Path.of("src/test/resources/projects", switch (target) {
            case "resumed", "unanswered" -> "locked";
            case "building" -> "shop";
            default -> target;
        }).toAbsolutePath();
    }

    private static Path copyOf(Path project) {
        try {
            Path copy = java.nio.file.Files.createTempDirectory("dbops-drift-project-");
            try (var files = java.nio.file.Files.list(project)) {
                for (Path file : files.toList()) {
                    java.nio.file.Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private HttpResponse<String> http(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String request(String target, String fields) {
        String id = UUID.randomUUID().toString();
        String body = fields.replaceFirst("^\\{", "{\"requestId\":\"" + id + "\",\"target\":\"" + target
                + "\",\"requestedBy\":\"test\",\"reason\":\"flow test\"" + (fields.equals("{}") ? "" : ","));
        send(topics.migrationRequests(), target, "dev.dbops.migration-requested.v1", null, body);
        return id;
    }

    private String rollback(String target, String toVersion) {
        String id = UUID.randomUUID().toString();
        send(topics.migrationRequests(), target, "dev.dbops.rollback-requested.v1", null, "{\"requestId\":\"" + id
                + "\",\"target\":\"" + target + "\",\"toVersion\":\"" + toVersion
                + "\",\"requestedBy\":\"test\",\"reason\":\"undo\"}");
        return id;
    }

    private void completeBackup(String requestId, String target) {
        ConsumerRecord<String, String> backupRequest = backupRequests.await(1,
                r -> requestId.equals(header(r, "ce_correlationid")), Duration.ofSeconds(60)).get(0);
        answerBackup(requestId, "backup-completed", completed("b-" + requestId, target,
                payload(backupRequest).get("requestId").asString()));
    }

    private static String completed(String backupId, String target, String backupRequestId) {
        return "{\"backupId\":\"" + backupId + "\",\"target\":\"" + target + "\",\"reason\":\"pre-migration\","
                + "\"requestId\":\"" + backupRequestId + "\",\"sizeBytes\":1,\"manifestSha256\":\"00\",\"durationMs\":1,"
                + "\"location\":\"file:///b\",\"completedAt\":\"" + Instant.now() + "\"}";
    }

    private void answerBackup(String correlationId, String type, String body) {
        String target = body.replaceAll(".*\"target\":\"([^\"]+)\".*", "$1");
        send(topics.backupEvents(), target, "dev.dbops." + type + ".v1", correlationId, body);
    }

    private static void send(String topic, String key, String type, String correlationId, String body) {
        Map<String, String> headers = RawProducer.cloudEventHeaders(type, key);
        if (type.endsWith("-requested.v1")) {
            headers.put("ce_source", "/ops/kcat"); // a fact keeps its owner's source, or it is dead-lettered
        }
        if (correlationId != null) {
            headers.put("ce_correlationid", correlationId);
        }
        try (RawProducer producer = new RawProducer()) {
            producer.send(topic, key, headers, body);
        }
    }

    private static ConsumerRecord<String, String> await(String requestId, String type) {
        return events.await(1, r -> requestId.equals(header(r, "ce_correlationid"))
                && header(r, "ce_type").equals("dev.dbops." + type + ".v1"), Duration.ofSeconds(90)).get(0);
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) {
        return json.readTree(record.value());
    }

    private static JsonNode findRule(JsonNode planned, String rule) {
        for (JsonNode finding : planned.get("findings")) {
            if (finding.get("ruleId").asString().equals(rule)) {
                return finding;
            }
        }
        throw new AssertionError("no finding " + rule + " in " + planned.get("findings"));
    }

    private static boolean tableExists(TestDatabase db, String table) throws Exception {
        return query(db, "SELECT to_regclass('" + table + "') IS NOT NULL").get(0).equals("t");
    }

    private static List<String> query(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), TestPostgres.USER, "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
