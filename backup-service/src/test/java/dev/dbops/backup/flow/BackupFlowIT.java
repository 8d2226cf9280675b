package dev.dbops.backup.flow;

import static dev.dbops.backup.flow.BackupEvents.field;
import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.backup.retention.RetentionRunner;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupStatus;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.store.VerificationCheck;
import dev.dbops.backup.take.Manifest;
import dev.dbops.backup.take.Sha256;
import dev.dbops.common.engine.TargetWorkerLoop;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The backup-service end to end against the real broker and PostgreSQL: requests written as kcat
 * writes them, events read as an operator reads them, files read by stock pg_restore.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BackupFlowIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_flow");

    @RegisterExtension
    static final TestDatabase orders = new TestDatabase("backup_flow_orders");

    static final Path repository;

    /** The drill server's role: the platform's server, by another name, as another role. */
    static final String DRILL_ROLE = "dbops_test_drill_" + UUID.randomUUID().toString().substring(0, 8);

    static {
        try {
            repository = Files.createTempDirectory("dbops-backup-flow-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        orders.registerAsTarget(registry, "orders");
        orders.registerAsTarget(registry, "retained");
        orders.registerAsTarget(registry, "unproven");
        registry.add("dbops.targets.down.url", () -> "jdbc:postgresql://127.0.0.1:1/nothing");
        registry.add("dbops.targets.down.username", () -> "postgres");
        registry.add("dbops.security.allowed-sources", () -> "*");
        registry.add("dbops.backup.repository.path", repository::toString);
        registry.add("dbops.backup.dump.lock-wait-timeout", () -> "3s");
        registry.add("dbops.backup.verify.smoke-queries[0]", () -> "SELECT count(*) = 100 FROM shop.customers");
        registry.add("dbops.backup.targets.retained.retention.hourly", () -> "1");
        registry.add("dbops.backup.targets.retained.retention.daily", () -> "0");
        registry.add("dbops.backup.targets.retained.retention.weekly", () -> "0");
        registry.add("dbops.backup.targets.retained.retention.monthly", () -> "0");
        registry.add("dbops.backup.targets.unproven.smoke-queries[0]", () -> "SELECT false");
        registry.add("dbops.backup.verify.server.url", () -> "jdbc:postgresql://localhost:" + TestPostgres.PORT
                + "/postgres");
        registry.add("dbops.backup.verify.server.username", () -> DRILL_ROLE);
        registry.add("dbops.backup.targets.orders.restore.allowed-sources[0]", () -> "*");
        registry.add("dbops.backup.targets.orders.restore.allow-overwrite", () -> "true");
        TestKafka.register(registry, "BackupFlowTest");
    }

    @BeforeAll
    static void targetData() {
        TestPostgres.execute("postgres", "CREATE ROLE " + DRILL_ROLE + " LOGIN CREATEDB");
        orders.execute("""
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (id serial PRIMARY KEY, name text NOT NULL);
                CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id int REFERENCES shop.customers,
                                          total numeric NOT NULL, created timestamptz NOT NULL DEFAULT now());
                CREATE INDEX orders_customer ON shop.orders (customer_id);
                INSERT INTO shop.customers (name) SELECT 'customer ' || g FROM generate_series(1, 100) g;
                INSERT INTO shop.orders (customer_id, total) SELECT 1 + g % 100, g FROM generate_series(1, 5000) g;
                CREATE TABLE public.audit (at timestamptz, note text);
                INSERT INTO public.audit VALUES (now(), 'created by BackupFlowTest');
                """);
    }

    @AfterAll
    static void removeDrillRole() {
        TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + scratchOf("orders") + " WITH (FORCE)");
        TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + scratchOf("unproven") + " WITH (FORCE)");
        TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + scratchOf("retained") + " WITH (FORCE)");
        TestPostgres.execute("postgres", "DROP ROLE IF EXISTS " + DRILL_ROLE);
    }

    static String scratchOf(String target) {
        return "dbops_drill_" + Sha256.of(target.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 10);
    }

    @AfterAll
    static void removeRepository() throws IOException {
        try (Stream<Path> walk = Files.walk(repository)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Autowired
    TopicNames topics;

    @Autowired
    Backups backups;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TargetWorkerLoop workers;

    @Autowired
    RetentionRunner retention;

    @LocalServerPort
    int port;

    BackupEvents events;
    RawProducer producer;

    @BeforeEach
    void open() {
        events = new BackupEvents(topics.backupEvents());
        producer = new RawProducer();
    }

    @AfterEach
    void close() {
        events.close();
        producer.close();
    }

    @Test
    void aKcatBackupRequestIsCompletedThenVerifiedAllWithTheRequestersCorrelationId() throws Exception {
        String correlationId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.backup-requested.v1", "orders");
        headers.put("ce_correlationid", correlationId);
        String body = "{\"requestId\":\"" + requestId + "\",\"target\":\"orders\",\"reason\":\"pre-migration\","
                + "\"requestedBy\":\"migration-service\"}";
        producer.send(topics.backupRequests(), "orders", headers, body);
        producer.send(topics.backupRequests(), "orders", headers, body); // redelivered: no second backup

        ConsumerRecord<String, String> started = events.record("backup-started",
                field("requestId", requestId), TIMEOUT);
        ConsumerRecord<String, String> completed = events.record("backup-completed",
                field("requestId", requestId), TIMEOUT);
        String backupId = BackupEvents.json(completed.value()).path("backupId").asString();
        ConsumerRecord<String, String> verified = events.record("backup-verified",
                field("backupId", backupId), TIMEOUT);
        for (var record : List.of(started, completed, verified)) {
            assertThat(header(record, "ce_correlationid")).as(header(record, "ce_type")).isEqualTo(correlationId);
            assertThat(record.key()).isEqualTo("orders");
            BackupEvents.assertValid(header(record, "ce_type").replaceAll("^dev\\.dbops\\.|\\.v1$", ""),
                    record.value());
        }
        assertThat(started.offset()).isLessThan(completed.offset());
        assertThat(completed.offset()).isLessThan(verified.offset());

        JsonNode done = BackupEvents.json(completed.value());
        assertThat(done.path("reason").asString()).isEqualTo("pre-migration");
        JsonNode proof = BackupEvents.json(verified.value());
        assertThat(proof.path("rowCounts").path("shop.orders").asLong()).isEqualTo(5000);
        assertThat(proof.path("rowCounts").path("shop.customers").asLong()).isEqualTo(100);
        assertThat(proof.path("smokeQueries").asInt()).isEqualTo(1);

        // the drill ran on the drill server, in a scratch database that is kept (no DROP DATABASE per drill), emptied
        try (Connection c = TestPostgres.connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '"
                        + scratchOf("orders") + "'")) {
            assertThat(rs.next()).as("scratch database kept").isTrue();
            assertThat(rs.getString(1)).isEqualTo(DRILL_ROLE);
        }
        try (Connection c = TestPostgres.connect(scratchOf("orders")); Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")).isZero();
        }

        // stock pg_restore reads the files, without dbops
        Path location = Path.of(URI.create(done.path("location").asString()));
        assertThat(location).startsWith(repository);
        Process list = new ProcessBuilder("pg_restore", "--list", location.resolve("dump").toString())
                .redirectErrorStream(true).start();
        String toc = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor()).as(toc).isZero();
        assertThat(toc).contains("TABLE DATA shop orders", "TABLE DATA shop customers", "TABLE DATA public audit");

        // the manifest: its own checksum in the event, a checksum per file, counts from the dump's snapshot
        byte[] manifestBytes = Files.readAllBytes(location.resolve(Manifest.FILE_NAME));
        assertThat(Sha256.of(manifestBytes)).isEqualTo(done.path("manifestSha256").asString());
        Manifest manifest = Manifest.read(new java.io.ByteArrayInputStream(manifestBytes));
        assertThat(manifest.rowCounts()).containsEntry("shop.orders", 5000L).containsEntry("public.audit", 1L);
        assertThat(manifest.serverVersion()).startsWith("15");
        assertThat(manifest.tables()).filteredOn(t -> t.name().equals("orders")).singleElement()
                .satisfies(t -> assertThat(t.indexes()).contains("orders_customer", "orders_pkey"))
                .satisfies(t -> assertThat(t.sequences()).containsExactly("orders_id_seq"));
        for (Manifest.File file : manifest.files()) {
            try (InputStream in = Files.newInputStream(location.resolve(file.path()))) {
                assertThat(Sha256.of(in)).as(file.path()).isEqualTo(file.sha256());
            }
        }

        // the catalog over REST
        JsonNode detail = rest().get().uri("/api/backups/{id}", backupId).retrieve().body(JsonNode.class);
        assertThat(detail.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(detail.path("verification").asString()).isEqualTo("VERIFIED");
        // the enums reach REST and the catalog's columns as the strings they always were
        assertThat(detail.path("reason").asString()).isEqualTo("pre-migration");
        assertThat(jdbc.queryForMap("SELECT reason, status, verification FROM backup WHERE backup_id = ?", backupId))
                .containsEntry("reason", "PRE_MIGRATION").containsEntry("status", "COMPLETED")
                .containsEntry("verification", "VERIFIED");
        assertThat(detail.path("correlationId").asString()).isEqualTo(correlationId);
        assertThat(detail.path("files").size()).isEqualTo(manifest.files().size());
        assertThat(detail.path("rowCounts").path("shop.orders").asLong()).isEqualTo(5000);
        JsonNode list2 = rest().get().uri("/api/backups?target=orders").retrieve().body(JsonNode.class);
        assertThat(list2.valueStream().map(n -> n.path("backupId").asString())).contains(backupId);

        assertThat(events.all(field("requestId", requestId), Duration.ofSeconds(2)).stream()
                .filter(r -> header(r, "ce_type").contains("backup-started"))).hasSize(1);
    }

    @Test
    void restoresOneTableIntoANewDatabaseAndNeverOverAnExistingOneUnasked() throws Exception {
        String backupId = completedBackup("orders");
        events.await("backup-verified", field("backupId", backupId), TIMEOUT);
        String into = "dbops_test_restored_" + UUID.randomUUID().toString().substring(0, 8);
        String replaced = null;
        try {
            String requestId = UUID.randomUUID().toString();
            String correlationId = UUID.randomUUID().toString();
            Map<String, String> headers = RawProducer.cloudEventHeaders("dev.dbops.restore-requested.v1", "orders");
            headers.put("ce_correlationid", correlationId);
            producer.send(topics.backupRequests(), "orders", headers, "{\"requestId\":\"" + requestId
                    + "\",\"target\":\"orders\",\"backupId\":\"" + backupId + "\",\"intoDatabase\":\"" + into
                    + "\",\"tables\":[\"shop.orders\"]}");
            ConsumerRecord<String, String> record = events.record("restore-completed",
                    field("requestId", requestId), TIMEOUT);
            assertThat(header(record, "ce_correlationid")).isEqualTo(correlationId);
            JsonNode completed = BackupEvents.json(record.value());
            BackupEvents.assertValid("restore-completed", record.value());
            assertThat(completed.path("rowCounts").path("shop.orders").asLong()).isEqualTo(5000);
            assertThat(completed.path("rowCounts").has("shop.customers")).isFalse();
            try (Connection c = TestPostgres.connect(into); Statement st = c.createStatement()) {
                assertThat(single(st, "SELECT count(*) FROM shop.orders")).isEqualTo(5000);
                assertThat(single(st, "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'")).isEqualTo(1);
                assertThat(single(st, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer'"))
                        .isEqualTo(1);
                assertThat(single(st, "SELECT nextval('shop.orders_id_seq')")).isEqualTo(5001);
            }

            String again = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.restore-requested.v1", "orders"),
                    "{\"requestId\":\"" + again + "\",\"target\":\"orders\",\"backupId\":\"" + backupId
                            + "\",\"intoDatabase\":\"" + into + "\"}");
            JsonNode refused = events.await("restore-failed", field("requestId", again), TIMEOUT);
            assertThat(refused.path("cause").asString()).contains("exists", "overwrite=true");

            String overwrite = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.restore-requested.v1", "orders"),
                    "{\"requestId\":\"" + overwrite + "\",\"target\":\"orders\",\"backupId\":\"" + backupId
                            + "\",\"intoDatabase\":\"" + into + "\",\"overwrite\":true}");
            JsonNode full = events.await("restore-completed", field("requestId", overwrite), TIMEOUT);
            assertThat(full.path("rowCounts").path("shop.customers").asLong()).isEqualTo(100);
            JsonNode overwritten = rest().get().uri("/api/restores/{id}", overwrite).retrieve().body(JsonNode.class);
            assertThat(overwritten.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(jdbc.queryForObject("SELECT status FROM restore_job WHERE request_id = ?", String.class,
                    overwrite)).isEqualTo("COMPLETED");
            replaced = overwritten.path("replacedDatabase").asString();
            assertThat(replaced).startsWith("dbops_replaced_");

            JsonNode viaRest = rest().post().uri("/api/restores").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("backupId", backupId, "intoDatabase", into + "_rest", "tables", List.of("audit")))
                    .retrieve().body(JsonNode.class);
            JsonNode audit = events.await("restore-completed",
                    field("requestId", viaRest.path("requestId").asString()), TIMEOUT);
            assertThat(audit.path("rowCounts").path("public.audit").asLong()).isEqualTo(1);

            // the API token lets one back up; restoring over REST needs the target's restore sources besides
            String retainedBackup = completedBackup("retained");
            var forbidden = rest().post().uri("/api/restores").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("backupId", retainedBackup, "intoDatabase", into + "_never"))
                    .exchange((request, response) -> java.util.List.of(response.getStatusCode().value(),
                            new String(response.getBody().readAllBytes())));
            assertThat(forbidden.get(0)).isEqualTo(403);
            assertThat((String) forbidden.get(1)).contains("dbops.backup.targets.retained.restore.allowed-sources");

            String hostile = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.restore-requested.v1", "orders"),
                    "{\"requestId\":\"" + hostile + "\",\"target\":\"orders\",\"backupId\":\"" + backupId
                            + "\",\"intoDatabase\":\"x\\\"; DROP DATABASE postgres; --\"}");
            JsonNode invalid = events.await("restore-failed", field("requestId", hostile), TIMEOUT);
            assertThat(invalid.path("cause").asString()).contains("not a valid identifier");

            String unknownTable = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "orders",
                    RawProducer.cloudEventHeaders("dev.dbops.restore-requested.v1", "orders"),
                    "{\"requestId\":\"" + unknownTable + "\",\"target\":\"orders\",\"backupId\":\"" + backupId
                            + "\",\"intoDatabase\":\"" + into + "_2\",\"tables\":[\"shop.nothing\"]}");
            JsonNode missing = events.await("restore-failed", field("requestId", unknownTable), TIMEOUT);
            assertThat(missing.path("cause").asString()).contains("shop.nothing is not in backup");
        } finally {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + into + " WITH (FORCE)");
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + into + "_rest WITH (FORCE)");
            if (replaced != null) {
                TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + replaced + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aFlippedByteInABackupFileFailsVerification() throws Exception {
        String backupId = completedBackup("orders");
        events.await("backup-verified", field("backupId", backupId), TIMEOUT);
        Backup backup = backups.findById(backupId).orElseThrow();
        Path dir = Path.of(URI.create(backup.location()));
        String victim = backup.files().stream().max(Comparator.comparingLong(f -> f.sizeBytes())).orElseThrow()
                .path();
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(victim).toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }
        rest().post().uri("/api/backups/{id}/verify", backupId).retrieve().toBodilessEntity();

        JsonNode failed = events.await("backup-verification-failed", field("backupId", backupId), TIMEOUT);
        assertThat(failed.path("check").asString()).isEqualTo("checksum");
        assertThat(failed.path("details").asString()).contains(victim, "differs");
        assertThat(backups.findById(backupId).orElseThrow().verificationCheck()).isEqualTo(VerificationCheck.CHECKSUM);
        assertThat(jdbc.queryForObject("SELECT verification_check FROM backup WHERE backup_id = ?", String.class,
                backupId)).isEqualTo("checksum");
        JsonNode detail = rest().get().uri("/api/backups/{id}", backupId).retrieve().body(JsonNode.class);
        assertThat(detail.path("verificationCheck").asString()).isEqualTo("checksum");
        assertThat(detail.path("verification").asString()).isEqualTo("FAILED");
    }

    @Test
    void aTargetThatIsDownFailsTheBackupWithTheCauseAndItsEntryIsForgottenAfterFailedHistory() throws Exception {
        String requestId = requestBackup("down");
        JsonNode failed = events.await("backup-failed", field("requestId", requestId), TIMEOUT);
        assertThat(failed.path("cause").asString()).containsIgnoringCase("connection").contains("refused");
        String backupId = failed.path("backupId").asString();
        assertThat(backupId).isNotBlank();
        assertThat(repository.resolve("down")).doesNotExist();

        // the catalog keeps a failed backup's entry for failed-history (30 days), then forgets it
        jdbc.update("UPDATE backup SET completed_at = now() - interval '31 days' WHERE backup_id = ?", backupId);
        String recent = events.await("backup-failed", field("requestId", requestBackup("down")), TIMEOUT)
                .path("backupId").asString();
        retention.run("down");
        assertThat(backups.findById(backupId)).isEmpty();
        assertThat(backups.findById(recent)).isPresent();
    }

    @Test
    void aPgDumpThatCannotLockATableFailsTheBackupAndLeavesNoFiles() throws Exception {
        try (Connection blocker = TestPostgres.connect(orders.name()); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE public.audit IN ACCESS EXCLUSIVE MODE");
            String requestId = requestBackup("orders");
            JsonNode failed = events.await("backup-failed", field("requestId", requestId), TIMEOUT);
            assertThat(failed.path("cause").asString()).contains("lock");
            String backupId = failed.path("backupId").asString();
            assertThat(repository.resolve("orders").resolve(backupId)).doesNotExist();
            assertThat(repository.resolve(".staging").resolve(backupId)).doesNotExist();
            blocker.rollback();
        }
    }

    @Test
    void aBackupLeftRunningByACrashedInstanceIsFailedAndItsFilesRemoved() throws Exception {
        String backupId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Path staged = Files.createDirectories(repository.resolve(".staging").resolve(backupId).resolve("dump"));
        Files.writeString(staged.resolve("3401.dat.gz"), "half a table");
        // and a copy published just before the crash, whose catalog update never committed
        Path published = Files.createDirectories(repository.resolve("orders").resolve(backupId).resolve("dump"));
        Files.writeString(published.resolve("toc.dat"), "not a backup");
        jdbc.update("""
                INSERT INTO backup (backup_id, request_id, correlation_id, target, reason, status, requested_at,
                                    started_at, verification)
                VALUES (?, ?, ?, 'orders', 'PRE_MIGRATION', 'RUNNING', now(), now(), 'NONE')""",
                backupId, "crashed-" + backupId, correlationId);
        workers.wakeUp();

        ConsumerRecord<String, String> record = events.record("backup-failed",
                field("backupId", backupId), TIMEOUT);
        assertThat(header(record, "ce_correlationid")).isEqualTo(correlationId);
        assertThat(BackupEvents.json(record.value()).path("cause").asString()).contains("interrupted");
        assertThat(repository.resolve(".staging").resolve(backupId)).doesNotExist();
        assertThat(repository.resolve("orders").resolve(backupId)).doesNotExist();
        assertThat(backups.findById(backupId).orElseThrow().status()).isEqualTo(BackupStatus.FAILED);
    }

    @Test
    void requestsForOneTargetRunOneAtATimeAndRetentionExpiresTheOlderOnceTheNewerIsVerified() {
        String first = requestBackup("retained");
        String second = requestBackup("retained");
        JsonNode firstDone = events.await("backup-completed", field("requestId", first), TIMEOUT);
        JsonNode secondDone = events.await("backup-completed", field("requestId", second), TIMEOUT);
        String older = firstDone.path("backupId").asString();
        String newer = secondDone.path("backupId").asString();
        Backup newerBackup = backups.findById(newer).orElseThrow();
        assertThat(newerBackup.startedAt()).as("the second backup starts once the first is done")
                .isAfterOrEqualTo(Instant.parse(firstDone.path("completedAt").asString()));

        events.await("backup-verified", field("backupId", newer), TIMEOUT);
        JsonNode expired = events.await("backup-expired", field("backupId", older), TIMEOUT);
        assertThat(expired.path("target").asString()).isEqualTo("retained");
        assertThat(backups.findById(older)).isEmpty();
        assertThat(repository.resolve("retained").resolve(older)).doesNotExist();
        assertThat(repository.resolve("retained").resolve(newer)).isDirectory();
        assertThat(backups.findById(newer).orElseThrow().retentionClass()).isEqualTo("hourly,newest-verified");
    }

    @Test
    void whenNoBackupOfATargetCanBeProvenRetentionRefusesAndSaysSo() {
        String first = requestBackup("unproven");
        String firstId = events.await("backup-completed", field("requestId", first), TIMEOUT).path("backupId")
                .asString();
        JsonNode failed = events.await("backup-verification-failed", field("backupId", firstId), TIMEOUT);
        assertThat(failed.path("check").asString()).isEqualTo("smoke-query");
        String second = requestBackup("unproven");
        String secondId = events.await("backup-completed", field("requestId", second), TIMEOUT).path("backupId")
                .asString();
        events.await("backup-verification-failed", field("backupId", secondId), TIMEOUT);

        JsonNode refused = events.await("backup-expiry-refused", field("target", "unproven"), TIMEOUT);
        assertThat(refused.path("reason").asString()).contains("without a verified backup");
        assertThat(refused.path("backupIds").valueStream().map(JsonNode::asString)).contains(firstId);
        assertThat(backups.findById(firstId)).isPresent();
        assertThat(Path.of(URI.create(backups.findById(firstId).orElseThrow().location()))).isDirectory();
    }

    private String completedBackup(String target) {
        String requestId = requestBackup(target);
        return events.await("backup-completed", field("requestId", requestId), TIMEOUT).path("backupId").asString();
    }

    private String requestBackup(String target) {
        String requestId = UUID.randomUUID().toString();
        rest().post().uri("/api/backups").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("target", target, "requestId", requestId, "requestedBy", "BackupFlowTest"))
                .retrieve().toBodilessEntity();
        return requestId;
    }

    private RestClient rest() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
