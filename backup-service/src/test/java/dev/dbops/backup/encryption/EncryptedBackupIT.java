package dev.dbops.backup.encryption;

import static dev.dbops.backup.flow.BackupEvents.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.backup.flow.BackupEvents;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.Backups;
import dev.dbops.backup.take.Manifest;
import dev.dbops.backup.take.Sha256;
import dev.dbops.common.kafka.TopicNames;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestKafka;
import dev.dbops.common.testing.TestPostgres;
import java.io.ByteArrayInputStream;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
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
 * Encrypted backups end to end, with real pg_dump, pg_restore and PostgreSQL: unreadable without the key, drilled and
 * restored with it, with the key named in its manifest after the active key changed, and refused before anything is
 * written when the key is wrong or gone.
 *
 * <p>The ring holds {@code old} and {@code new}; new backups use {@code new}, apart from target {@code legacy}, whose
 * backups still use {@code old}, as every target's did before the active key was rotated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class EncryptedBackupIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestDatabase platform = new TestDatabase("backup_encrypt");

    @RegisterExtension
    static final TestDatabase orders = new TestDatabase("backup_encrypt_orders");

    @RegisterExtension
    static final TestDatabase legacy = new TestDatabase("backup_encrypt_legacy");

    static final Path repository;
    static final Path keys;
    static final byte[] NEW_KEY = new byte[32];

    static {
        try {
            repository = Files.createTempDirectory("dbops-backup-encrypt-");
            keys = Files.createTempDirectory("dbops-backup-keys-");
            new java.security.SecureRandom().nextBytes(NEW_KEY);
            byte[] oldKey = new byte[32];
            new java.security.SecureRandom().nextBytes(oldKey);
            Files.writeString(keys.resolve("old.key"), Base64.getEncoder().encodeToString(oldKey) + "\n");
            Files.writeString(keys.resolve("new.key"), Base64.getEncoder().encodeToString(NEW_KEY));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        platform.registerAsPlatform(registry);
        orders.registerAsTarget(registry, "orders");
        legacy.registerAsTarget(registry, "legacy");
        registry.add("dbops.security.allowed-sources", () -> "*");
        registry.add("dbops.backup.repository.path", repository::toString);
        registry.add("dbops.backup.verify.smoke-queries[0]", () -> "SELECT count(*) = 100 FROM shop.customers");
        registry.add("dbops.backup.encryption.enabled", () -> "true");
        registry.add("dbops.backup.encryption.active-key", () -> "new");
        registry.add("dbops.backup.encryption.keys.old.file", () -> keys.resolve("old.key").toString());
        registry.add("dbops.backup.encryption.keys.new.file", () -> keys.resolve("new.key").toString());
        registry.add("dbops.backup.targets.legacy.encryption.active-key", () -> "old");
        for (String target : new String[] {"orders", "legacy"}) {
            registry.add("dbops.backup.targets." + target + ".restore.allowed-sources[0]", () -> "*");
            registry.add("dbops.backup.targets." + target + ".restore.allow-overwrite", () -> "true");
        }
        TestKafka.register(registry, "EncryptedBackupIT");
    }

    @BeforeAll
    static void targetData() {
        for (TestDatabase target : new TestDatabase[] {orders, legacy}) {
            target.execute("""
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (id serial PRIMARY KEY, name text NOT NULL);
                CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id int REFERENCES shop.customers,
                                          total numeric NOT NULL);
                INSERT INTO shop.customers (name) SELECT 'customer ' || g FROM generate_series(1, 100) g;
                INSERT INTO shop.orders (customer_id, total) SELECT 1 + g % 100, g FROM generate_series(1, 50000) g;
                """);
        }
    }

    @AfterAll
    static void removeFiles() throws IOException {
        for (Path dir : new Path[] {repository, keys}) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (String target : new String[] {"orders", "legacy"}) {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS dbops_drill_"
                    + Sha256.of(target.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 10)
                    + " WITH (FORCE)");
        }
    }

    @Autowired
    TopicNames topics;

    @Autowired
    Backups backups;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    BackupEvents events;

    @BeforeEach
    void open() {
        events = new BackupEvents(topics.backupEvents());
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void anEncryptedBackupIsNoDumpWithoutItsKeyIsDrilledAndRestoresWithIt() throws Exception {
        String backupId = verifiedBackup("orders");
        Path location = locationOf(backupId);
        Manifest manifest = manifestAt(location);

        assertThat(manifest.manifestVersion()).isEqualTo(2);
        assertThat(manifest.encryption().keyId()).isEqualTo("new");
        assertThat(manifest.encryption().files()).containsExactlyElementsOf(
                manifest.files().stream().map(Manifest.File::path).toList()).contains("dump/toc.dat");
        // the checksums are of what is on disk: verifiable without the key
        for (Manifest.File file : manifest.files()) {
            try (InputStream in = Files.newInputStream(location.resolve(file.path()))) {
                assertThat(Sha256.of(in)).as(file.path()).isEqualTo(file.sha256());
            }
        }
        Process list = new ProcessBuilder("pg_restore", "--list", location.resolve("dump").toString())
                .redirectErrorStream(true).start();
        String output = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor()).as(output).isNotZero();
        assertThat(Files.readString(location.resolve(Manifest.FILE_NAME))).doesNotContain(
                Base64.getEncoder().encodeToString(NEW_KEY));

        String into = "dbops_test_encrypted_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            JsonNode restored = events.await("restore-completed", field("requestId", restore(backupId, into, false)),
                    TIMEOUT);
            assertThat(restored.path("rowCounts").path("shop.orders").asLong()).isEqualTo(50000);
            assertThat(count(into, "SELECT count(*) FROM shop.orders")).isEqualTo(50000);
        } finally {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + into + " WITH (FORCE)");
        }
        // the decrypted copies were staging only
        assertThat(repository.resolve(".staging")).isEmptyDirectory();
    }

    @Test
    void aBackupTakenWithTheOldKeyIsDrilledAndRestoresWithItAfterTheActiveKeyChanged() throws Exception {
        String backupId = verifiedBackup("legacy");
        assertThat(manifestAt(locationOf(backupId)).encryption().keyId()).isEqualTo("old");

        String into = "dbops_test_rotated_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            events.await("restore-completed", field("requestId", restore(backupId, into, false)), TIMEOUT);
            assertThat(count(into, "SELECT count(*) FROM shop.customers")).isEqualTo(100);
        } finally {
            TestPostgres.execute("postgres", "DROP DATABASE IF EXISTS " + into + " WITH (FORCE)");
        }
    }

    @Test
    void aWrongKeyFailsTheRestoreNamingItAndWritesNothing() throws Exception {
        String backupId = verifiedBackup("orders");
        // the manifest now names key "old", as if key "new" had been replaced by other bytes under its id
        nameKey(backupId, "old");
        String into = "dbops_test_wrong_key_" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode failed = events.await("restore-failed", field("requestId", restore(backupId, into, false)), TIMEOUT);
        assertThat(failed.path("cause").asString())
                .contains("backup " + backupId + " cannot be read", "does not decrypt with key old", "dump/")
                .doesNotContain(Files.readString(keys.resolve("old.key")).strip());
        assertThat(count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + into + "'")).isZero();

        // over the target's own database: refused before the safety backup, the staging database or any write
        long databases = count("postgres", "SELECT count(*) FROM pg_database");
        long backupsBefore = backups.count();
        JsonNode overwrite = events.await("restore-failed",
                field("requestId", restore(backupId, orders.name(), true)), TIMEOUT);
        assertThat(overwrite.path("cause").asString()).contains("does not decrypt with key old");
        assertThat(count(orders.name(), "SELECT count(*) FROM shop.orders")).isEqualTo(50000);
        assertThat(count("postgres", "SELECT count(*) FROM pg_database")).isEqualTo(databases);
        assertThat(backups.count()).isEqualTo(backupsBefore);

        nameKey(backupId, "retired");
        JsonNode missing = events.await("restore-failed", field("requestId", restore(backupId, into, false)), TIMEOUT);
        assertThat(missing.path("cause").asString()).contains("key retired is not in the key ring");
        assertThat(count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + into + "'")).isZero();
    }

    @Test
    void aTruncatedEncryptedFileFailsVerification() throws Exception {
        String backupId = verifiedBackup("orders");
        Backup backup = backups.findById(backupId).orElseThrow();
        String victim = backup.files().stream().max(Comparator.comparingLong(f -> f.sizeBytes())).orElseThrow()
                .path();
        try (RandomAccessFile file = new RandomAccessFile(locationOf(backupId).resolve(victim).toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        rest().post().uri("/api/backups/{id}/verify", backupId).retrieve().toBodilessEntity();

        JsonNode failed = events.await("backup-verification-failed", field("backupId", backupId), TIMEOUT);
        assertThat(failed.path("check").asString()).isEqualTo("checksum");
        assertThat(failed.path("details").asString()).contains(victim, "differs");
    }

    @Test
    void aChangedEncryptedFileWhoseChecksumWasForgedFailsTheListCheckNamingTheKey() throws Exception {
        String backupId = verifiedBackup("orders");
        String victim = "dump/toc.dat";
        Path file = locationOf(backupId).resolve(victim);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        // someone with write access to the repository and the catalog: the checksum passes, the GCM tag does not
        jdbc.update("UPDATE backup_file SET sha256 = ? WHERE backup_id = ? AND path = ?", Sha256.of(bytes), backupId,
                victim);
        rest().post().uri("/api/backups/{id}/verify", backupId).retrieve().toBodilessEntity();

        JsonNode failed = events.await("backup-verification-failed", field("backupId", backupId), TIMEOUT);
        assertThat(failed.path("check").asString()).isEqualTo("list");
        assertThat(failed.path("details").asString()).contains(victim, "does not decrypt with key new",
                "fails authentication");
    }

    /** Rewrites the manifest to name another key, with the catalog's checksum of it, so only the key is wrong. */
    private void nameKey(String backupId, String keyId) throws IOException {
        Path location = locationOf(backupId);
        Manifest m = manifestAt(location);
        Manifest renamed = new Manifest(m.manifestVersion(), m.backupId(), m.target(), m.database(), m.serverVersion(),
                m.pgDumpVersion(), m.format(), m.compression(), m.dump(), m.startedAt(), m.finishedAt(), m.tables(),
                m.files(), m.sizeBytes(), new Manifest.Encryption(m.encryption().algorithm(), keyId,
                        m.encryption().files()));
        byte[] json = renamed.toJson();
        Files.write(location.resolve(Manifest.FILE_NAME), json);
        jdbc.update("UPDATE backup SET manifest_sha256 = ? WHERE backup_id = ?", Sha256.of(json), backupId);
    }

    private String verifiedBackup(String target) {
        String requestId = UUID.randomUUID().toString();
        rest().post().uri("/api/backups").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("target", target, "requestId", requestId, "requestedBy", "EncryptedBackupIT"))
                .retrieve().toBodilessEntity();
        String backupId = events.await("backup-completed", field("requestId", requestId), TIMEOUT).path("backupId")
                .asString();
        JsonNode verified = events.await("backup-verified", field("backupId", backupId), TIMEOUT);
        assertThat(verified.path("rowCounts").path("shop.orders").asLong()).isEqualTo(50000);
        return backupId;
    }

    private String restore(String backupId, String into, boolean overwrite) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(Map.of("backupId", backupId, "intoDatabase", into));
        body.put("overwrite", overwrite);
        body.put("requestId", requestId);
        rest().post().uri("/api/restores").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toBodilessEntity();
        return requestId;
    }

    private Path locationOf(String backupId) {
        return Path.of(URI.create(backups.findById(backupId).orElseThrow().location()));
    }

    private static Manifest manifestAt(Path location) throws IOException {
        return Manifest.read(new ByteArrayInputStream(Files.readAllBytes(location.resolve(Manifest.FILE_NAME))));
    }

    private static long count(String database, String sql) throws Exception {
        try (Connection c = TestPostgres.connect(database); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private RestClient rest() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
