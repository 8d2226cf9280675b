package dev.dbops.backup.restore;

import static dev.dbops.backup.flow.BackupEvents.field;
import static dev.dbops.common.testing.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.backup.flow.BackupEvents;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.take.Sha256;
import dev.dbops.common.kafka.DeadLetters;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.RawProducer;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.common.testing.TopicProbe;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Restores are safe by default, against the real broker, PostgreSQL, pg_dump and pg_restore: nothing is
 * written over a live database unless the target allows it (and then beside it, swapped in by rename),
 * never over another target's, the platform database (named by an alias) or a template; only verified
 * backups whose files still match; only from the target's restore sources; and a database dbops did not
 * create is never dropped.
 */
@SpringBootTest
@DirtiesContext
class RestoreSafetyIT {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String OPS = "/ops/admin";

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("restore_safety");

    @RegisterExtension
    static final TestDatabase shop = new TestDatabase("restore_shop");

    @RegisterExtension
    static final TestDatabase billing = new TestDatabase("restore_billing");

    @RegisterExtension
    static final TestDatabase unproven = new TestDatabase("restore_unproven");

    @RegisterExtension
    static final TestDatabase big = new TestDatabase("restore_big");

    static final Path repository;

    static {
        try {
            repository = Files.createTempDirectory("dbops-restore-safety-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        // the same server as the platform database, by another name
        registry.add("dbops.targets.shop.url", () -> "jdbc:postgresql://localhost:" + TestPostgres.PORT + "/"
                + shop.name());
        registry.add("dbops.targets.shop.username", () -> TestPostgres.USER);
        billing.registerAsTarget(registry, "billing");
        unproven.registerAsTarget(registry, "unproven");
        big.registerAsTarget(registry, "big");
        registry.add("dbops.security.allowed-sources", () -> "*");
        registry.add("dbops.backup.repository.path", repository::toString);
        registry.add("dbops.backup.event-row-counts", () -> "1");
        registry.add("dbops.backup.targets.shop.restore.allowed-sources[0]", () -> "/ops/*");
        registry.add("dbops.backup.targets.shop.restore.allow-overwrite", () -> "true");
        registry.add("dbops.backup.targets.shop.restore.keep-replaced", () -> "1h");
        registry.add("dbops.backup.targets.billing.restore.allowed-sources[0]", () -> "/ops/*");
        registry.add("dbops.backup.targets.unproven.restore.allowed-sources[0]", () -> "*");
        registry.add("dbops.backup.targets.unproven.smoke-queries[0]", () -> "SELECT false");
        registry.add("dbops.backup.targets.big.restore.allowed-sources[0]", () -> "/ops/*");
        registry.add("dbops.backup.targets.big.restore.allow-overwrite", () -> "true");
        TestKafka.register(registry, "RestoreSafetyTest");
    }

    @BeforeAll
    static void targetData() {
        shop.execute("CREATE SCHEMA shop; CREATE TABLE shop.items (id int PRIMARY KEY, name text);"
                + "INSERT INTO shop.items SELECT g, 'item ' || g FROM generate_series(1, 100) g;"
                + "CREATE TABLE shop.tags (tag text); INSERT INTO shop.tags VALUES ('a'), ('b'), ('c');");
        billing.execute("CREATE TABLE invoices (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO invoices SELECT g, g FROM generate_series(1, 50) g;");
        unproven.execute("CREATE TABLE notes (id int); INSERT INTO notes VALUES (1), (2);");
        big.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text);"
                + "INSERT INTO events SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 1500000) g;");
    }

    @AfterAll
    static void dropScratchDatabases() {
        for (String target : List.of("shop", "billing", "unproven", "big")) {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS dbops_drill_" + Sha256.of(
                    target.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 10) + " WITH (FORCE)");
        }
    }

    @Autowired
    TopicNames topics;

    @Autowired
    Backups backups;

    @Autowired
    RestoreJobs restoreJobs;

    @Autowired
    RestoreRun restoreRun;

    @Autowired
    ReplacedDatabases replacedDatabases;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

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
    void refusesAnotherTargetsDatabaseThePlatformDatabaseByAnAliasATemplateAndAnOverwriteTheTargetDoesNotAllow()
            throws Exception {
        String shopBackup = verifiedBackup("shop");
        String billingBackup = verifiedBackup("billing");
        String template = "dbops_test_tpl_" + UUID.randomUUID().toString().substring(0, 8);
        TestPostgres.execute("postgres", "CREATE DATABASE " + template + " IS_TEMPLATE true");
        try {
            assertThat(refusal("shop", shopBackup, billing.name(), true))
                    .contains("database " + billing.name() + " is the database of target billing");
            assertThat(refusal("shop", shopBackup, platform.name(), true))
                    .contains("database " + platform.name() + " is the dbops platform database");
            assertThat(refusal("shop", shopBackup, template, true)).contains("is a template");
            assertThat(refusal("billing", billingBackup, billing.name(), true))
                    .contains("restore.allow-overwrite is false");
            assertThat(refusal("billing", billingBackup, billing.name(), false)).contains("exists");
        } finally {
            TestPostgres.execute("postgres", "ALTER DATABASE " + template + " IS_TEMPLATE false");
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + template);
        }
        assertThat(count(billing.name(), "SELECT count(*) FROM invoices")).isEqualTo(50);
        assertThat(count(platform.name(), "SELECT count(*) FROM backup.backup")).isPositive();
    }

    @Test
    void whoMayRestoreIsConfiguredApartFromWhoMayBackUp() {
        String backupId = verifiedBackup("shop");
        try (TopicProbe dlt = new TopicProbe(topics.backupRequests() + "-dlt")) {
            String requestId = UUID.randomUUID().toString();
            producer.send(topics.backupRequests(), "shop", headers("restore-requested", "shop", "/deploy/pipeline"),
                    restoreBody(requestId, "shop", backupId, "dbops_test_never_" + requestId.substring(0, 8), false,
                            false));
            ConsumerRecord<String, String> dead = dlt.await(1, r -> r.value().contains(requestId), TIMEOUT).get(0);
            assertThat(header(dead, DeadLetters.REASON_HEADER))
                    .contains("source '/deploy/pipeline' is not allowed to restore backups of target 'shop'");
        }
        String backupRequest = UUID.randomUUID().toString();
        producer.send(topics.backupRequests(), "shop", headers("backup-requested", "shop", "/deploy/pipeline"),
                "{\"requestId\":\"" + backupRequest + "\",\"target\":\"shop\",\"reason\":\"manual\"}");
        events.await("backup-completed", field("requestId", backupRequest), TIMEOUT);
    }

    @Test
    void onlyVerifiedBackupsRestoreUnlessAskedAndTheirChecksumsAreCheckedAgain() throws Exception {
        String requestId = requestBackup("unproven", "/ops/admin");
        String unverified = events.await("backup-completed", field("requestId", requestId), TIMEOUT)
                .path("backupId").asString();
        events.await("backup-verification-failed", field("backupId", unverified), TIMEOUT);
        String into = "dbops_test_unverified_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            assertThat(refusal("unproven", unverified, into, false)).contains("is not verified");
            String asked = restore("unproven", unverified, into, false, true);
            JsonNode done = events.await("restore-completed", field("requestId", asked), TIMEOUT);
            assertThat(done.path("rowCounts").path("public.notes").asLong()).isEqualTo(2);
        } finally {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + into + " WITH (FORCE)");
        }

        String verified = verifiedBackup("shop");
        Path dump = Path.of(URI.create(backups.findById(verified).orElseThrow().location())).resolve("dump");
        try (var files = Files.list(dump)) {
            Path data = files.filter(p -> p.getFileName().toString().endsWith(".dat.gz")).findFirst().orElseThrow();
            try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
                file.seek(file.length() / 2);
                int b = file.read();
                file.seek(file.length() / 2);
                file.write(b ^ 0x01);
            }
        }
        String flipped = "dbops_test_flipped_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(refusal("shop", verified, flipped, false)).contains("fails its checksums now");
        assertThat(count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + flipped + "'")).isZero();
    }

    @Test
    void anAllowedOverwriteTakesASafetyBackupRestoresBesideAndSwapsKeepingTheOldDatabaseUntilRetention()
            throws Exception {
        String backupId = verifiedBackup("shop");
        shop.execute("INSERT INTO shop.items SELECT g, 'late ' || g FROM generate_series(101, 107) g");

        String requestId = restore("shop", backupId, shop.name(), true, false);
        JsonNode safety = events.await("backup-completed", field("requestId", "safety-" + requestId), TIMEOUT);
        JsonNode done = events.await("restore-completed", field("requestId", requestId), TIMEOUT);
        // the event carries event-row-counts (here 1) tables and the totals; the catalog has every table
        assertThat(done.path("rowCounts").properties()).hasSize(1);
        assertThat(done.path("rowCounts").path("shop.items").asLong()).isEqualTo(100);
        assertThat(done.path("tables").asInt()).isEqualTo(2);
        assertThat(done.path("rows").asLong()).isEqualTo(103);
        assertThat(backups.findById(backupId).orElseThrow().rowCounts()).containsOnlyKeys("shop.items", "shop.tags");
        assertThat(count(shop.name(), "SELECT count(*) FROM shop.items")).isEqualTo(100);
        assertThat(backups.findById(safety.path("backupId").asString()).orElseThrow().rowCounts())
                .containsEntry("shop.items", 107L);

        String replaced = restoreJobs.findById(requestId).orElseThrow().replacedDatabase();
        assertThat(replaced).startsWith("dbops_replaced_");
        assertThat(count(replaced, "SELECT count(*) FROM shop.items")).isEqualTo(107);

        replacedDatabases.dropExpired("shop");
        assertThat(exists(replaced)).as("kept for keep-replaced").isTrue();
        jdbc.update("UPDATE backup.restore_job SET completed_at = ? WHERE request_id = ?",
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(2))), requestId);
        replacedDatabases.dropExpired("shop");
        assertThat(exists(replaced)).isFalse();
        assertThat(restoreJobs.findById(requestId).orElseThrow().wasReplacedDropped()).isTrue();
    }

    @Test
    void aFailedRestoreNeverDropsADatabaseItDidNotCreate() throws Exception {
        String theirs = "dbops_test_theirs_" + UUID.randomUUID().toString().substring(0, 8);
        TestPostgres.execute("postgres", "CREATE DATABASE " + theirs);
        try {
            TestPostgres.execute(theirs, "CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)");
            // A restore that lost the race for the name: it recorded the database as its own, then its
            // CREATE DATABASE failed (or it was stopped) while someone else's database took the name.
            String requestId = UUID.randomUUID().toString();
            tx.executeWithoutResult(status -> {
                RestoreJob job = new RestoreJob(requestId, null, "shop", "no-such-backup", theirs, List.of(),
                        List.of(), false, false, "RestoreSafetyTest", Instant.now());
                job.started(Instant.now());
                job.createdDatabase();
                restoreJobs.save(job);
            });
            events.await("restore-failed", field("requestId", requestId), TIMEOUT);
            assertThat(count(theirs, "SELECT count(*) FROM precious")).isEqualTo(1);
        } finally {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + theirs + " WITH (FORCE)");
        }
    }

    @Test
    void stoppedDuringAnOverwriteRestoreTheOldDatabaseIsIntact() throws Exception {
        String backupId = verifiedBackup("big");
        big.execute("DELETE FROM events WHERE id <= 10");
        String requestId = UUID.randomUUID().toString();
        // The workers stay away while the test holds the target's lock; the restore runs on the test's
        // thread, which is interrupted as a SIGTERM interrupts the workers.
        try (Connection lock = TestPostgres.connect(platform.name());
                PreparedStatement ps = lock.prepareStatement(
                        "SELECT pg_advisory_lock(hashtext('dbops.backup'), hashtext('big'))")) {
            ps.execute();
            tx.executeWithoutResult(status -> restoreJobs.save(new RestoreJob(requestId, null, "big", backupId,
                    big.name(), List.of(), List.of(), true, false, "RestoreSafetyTest", Instant.now())));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    restoreRun.run(requestId);
                } catch (Throwable e) {
                    outcome.set(e);
                }
            }, "restore-under-test");
            worker.start();
            awaitPgRestoreIntoStaging();
            worker.interrupt();
            worker.join(TIMEOUT.toMillis());
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        }
        RestoreJob job = restoreJobs.findById(requestId).orElseThrow();
        assertThat(job.status()).isEqualTo(RestoreStatus.FAILED);
        assertThat(job.failureCause()).contains("interrupted", "was not changed");
        assertThat(count(big.name(), "SELECT count(*) FROM events")).isEqualTo(1_500_000 - 10);
        assertThat(exists(job.stagingDatabase())).isFalse();
        assertThat(job.replacedDatabase()).isNull();
    }

    private void awaitPgRestoreIntoStaging() throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (count("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbops-backup' "
                    + "AND datname LIKE 'dbops_restore_%'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("pg_restore never wrote into a staging database");
    }

    private String refusal(String target, String backupId, String into, boolean overwrite) {
        String requestId = restore(target, backupId, into, overwrite, false);
        return events.await("restore-failed", field("requestId", requestId), TIMEOUT).path("cause").asString();
    }

    private String restore(String target, String backupId, String into, boolean overwrite, boolean allowUnverified) {
        String requestId = UUID.randomUUID().toString();
        producer.send(topics.backupRequests(), target, headers("restore-requested", target, OPS),
                restoreBody(requestId, target, backupId, into, overwrite, allowUnverified));
        return requestId;
    }

    private static String restoreBody(String requestId, String target, String backupId, String into,
            boolean overwrite, boolean allowUnverified) {
        return "{\"requestId\":\"" + requestId + "\",\"target\":\"" + target + "\",\"backupId\":\"" + backupId
                + "\",\"intoDatabase\":\"" + into + "\",\"overwrite\":" + overwrite + ",\"allowUnverified\":"
                + allowUnverified + "}";
    }

    private String verifiedBackup(String target) {
        String requestId = requestBackup(target, OPS);
        String backupId = events.await("backup-completed", field("requestId", requestId), TIMEOUT).path("backupId")
                .asString();
        events.await("backup-verified", field("backupId", backupId), TIMEOUT);
        return backupId;
    }

    private String requestBackup(String target, String source) {
        String requestId = UUID.randomUUID().toString();
        producer.send(topics.backupRequests(), target, headers("backup-requested", target, source),
                "{\"requestId\":\"" + requestId + "\",\"target\":\"" + target + "\",\"reason\":\"manual\"}");
        return requestId;
    }

    private static Map<String, String> headers(String type, String target, String source) {
        Map<String, String> headers = RawProducer.cloudEventHeaders(BackupEvents.ceType(type), target);
        headers.put("ce_source", source);
        return headers;
    }

    private static boolean exists(String database) throws SQLException {
        return count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") == 1;
    }

    private static long count(String database, String sql) throws SQLException {
        try (Connection c = TestPostgres.connect(database); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
