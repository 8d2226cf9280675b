package dev.dbops.backup.verify;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.encryption.DumpEncryption;
import dev.dbops.backup.pg.Identifiers;
import dev.dbops.backup.repository.BackupRepository;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.store.BackupFile;
import dev.dbops.backup.store.VerificationCheck;
import dev.dbops.backup.take.Manifest;
import dev.dbops.backup.take.Sha256;
import dev.dbops.common.pgtools.PgTools;
import dev.dbops.common.pgtools.ToolFailedException;
import dev.dbops.common.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs the three checks on one completed backup; the first that fails ends the verification. */
@Component
public class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private final BackupRepository repository;
    private final PgTools tools;
    private final BackupSettings settings;
    private final DrillServer drillServer;
    private final DumpEncryption encryption;

    Verifier(BackupRepository repository, PgTools tools, BackupSettings settings, DrillServer drillServer,
            DumpEncryption encryption) {
        this.repository = repository;
        this.encryption = encryption;
        this.tools = tools;
        this.settings = settings;
        this.drillServer = drillServer;
    }

    public VerificationReport verify(Backup backup, Target target) throws VerificationFailure, InterruptedException {
        try {
            return checkAll(backup, target);
        } catch (RuntimeException e) {
            throw new VerificationFailure(VerificationCheck.DRILL, "verification could not run: " + e);
        }
    }

    private VerificationReport checkAll(Backup backup, Target target) throws VerificationFailure, InterruptedException {
        Manifest manifest = checksums(backup, backup.location());
        DumpEncryption.PlainCopy plain;
        try {
            plain = readable(backup, manifest);
        } catch (IOException e) {
            throw new VerificationFailure(VerificationCheck.LIST, "cannot read the dump: " + e.getMessage());
        }
        try (plain) {
            Path dump = plain.dir().resolve(manifest.dump());
            list(dump, manifest, target);
            if (!settings.verify().drill()) {
                return new VerificationReport(backup.files().size() + 1, manifest.rowCounts(), 0, 0);
            }
            return drill(backup, dump, manifest, target);
        }
    }

    /**
     * The backup as pg_restore reads it: where it is, or when encrypted a copy decrypted with the key its manifest
     * names, which closing removes.
     *
     * @throws java.io.IOException naming the key id when that key is not in the ring or a file does not open with it
     */
    public DumpEncryption.PlainCopy readable(Backup backup, Manifest manifest) throws IOException {
        Path dir = repository.localCopy(backup.location());
        Manifest.Encryption encrypted = manifest.encryption();
        return encrypted == null ? DumpEncryption.PlainCopy.unencrypted(dir)
                : encryption.open(backup.target(), dir, encrypted.keyId(), encrypted.files());
    }

    /** (a) Every file re-read from the repository against the catalog's SHA-256; nothing missing, nothing extra. */
    public Manifest checksums(Backup backup, String location) throws VerificationFailure {
        try {
            Set<String> expected = new TreeSet<>();
            byte[] manifestBytes;
            try (InputStream in = repository.read(location, Manifest.FILE_NAME)) {
                manifestBytes = in.readAllBytes();
            }
            expected.add(Manifest.FILE_NAME);
            if (!Sha256.of(manifestBytes).equals(backup.manifestSha256())) {
                throw new VerificationFailure(VerificationCheck.CHECKSUM, Manifest.FILE_NAME + ": SHA-256 " + Sha256.of(manifestBytes)
                        + " differs from the catalog's " + backup.manifestSha256());
            }
            for (BackupFile file : backup.files()) {
                expected.add(file.path());
                String actual;
                try (InputStream in = repository.read(location, file.path())) {
                    actual = Sha256.of(in);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new VerificationFailure(VerificationCheck.CHECKSUM, file.path() + " is missing from " + location);
                }
                if (!actual.equals(file.sha256())) {
                    throw new VerificationFailure(VerificationCheck.CHECKSUM, file.path() + ": SHA-256 " + actual
                            + " differs from the manifest's " + file.sha256());
                }
            }
            Set<String> extra = new TreeSet<>(repository.files(location));
            extra.removeAll(expected);
            if (!extra.isEmpty()) {
                throw new VerificationFailure(VerificationCheck.CHECKSUM, "files not in the manifest: " + extra);
            }
            return Manifest.read(new java.io.ByteArrayInputStream(manifestBytes));
        } catch (IOException e) {
            throw new VerificationFailure(VerificationCheck.CHECKSUM, "cannot read " + location + ": " + e.getMessage());
        }
    }

    /** (b) Stock pg_restore reads the archive's table of contents, and it has data for every table of the manifest. */
    void list(Path dump, Manifest manifest, Target target) throws VerificationFailure, InterruptedException {
        String toc;
        try {
            toc = tools.run(target, "pg_restore", List.of("--list", PgTools.path(dump)));
        } catch (IOException | ToolFailedException e) {
            throw new VerificationFailure(VerificationCheck.LIST, e.getMessage());
        }
        Set<String> missing = new TreeSet<>();
        for (Manifest.Table table : manifest.tables()) {
            if (!toc.contains(" TABLE DATA " + table.schema() + " " + table.name() + " ")) {
                missing.add(table.qualifiedName());
            }
        }
        if (!missing.isEmpty()) {
            throw new VerificationFailure(VerificationCheck.LIST, "pg_restore --list shows no data for " + missing);
        }
    }

    /**
     * (c) Restore into the target's scratch database on the drill server, compare row counts, run the smoke
     * queries, empty the scratch database.
     */
    VerificationReport drill(Backup backup, Path dump, Manifest manifest, Target target)
            throws VerificationFailure, InterruptedException {
        long start = System.nanoTime();
        Target server = drillServer.of(target);
        String scratch = ScratchDatabases.nameFor(target);
        try {
            try {
                ScratchDatabases.prepare(server, scratch);
                tools.run(server, "pg_restore", List.of("--jobs=" + settings.dump().jobs(), "--exit-on-error", "--no-owner",
                        "--no-privileges", "--dbname=" + PgTools.connectionString(scratch),
                        PgTools.path(dump)));
            } catch (IOException | SQLException | ToolFailedException e) {
                throw new VerificationFailure(VerificationCheck.DRILL, "restore into scratch database " + scratch + " failed: "
                        + e.getMessage());
            }
            Map<String, Long> restored = new LinkedHashMap<>();
            List<String> smokeQueries = settings.smokeQueriesOf(target.id());
            try (Connection c = server.connectTo(scratch)) {
                for (Manifest.Table table : manifest.tables()) {
                    long rows = Identifiers.countRows(c, table.schema(), table.name());
                    restored.put(table.qualifiedName(), rows);
                    if (rows != table.rows()) {
                        throw new VerificationFailure(VerificationCheck.ROW_COUNT, table.qualifiedName() + " has " + rows
                                + " rows after the drill, the manifest says " + table.rows());
                    }
                }
                for (String query : smokeQueries) {
                    smoke(c, query);
                }
            } catch (SQLException e) {
                throw new VerificationFailure(VerificationCheck.DRILL, "reading scratch database " + scratch + " failed: "
                        + e.getMessage());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new VerificationReport(backup.files().size() + 1, restored, smokeQueries.size(), millis);
        } finally {
            try {
                ScratchDatabases.empty(server, scratch);
            } catch (SQLException e) {
                log.warn("Could not empty scratch database {} of target {}: {}", scratch, target.id(), e.getMessage());
            }
        }
    }

    private static void smoke(Connection c, String query) throws VerificationFailure {
        try (Statement st = c.createStatement()) {
            boolean hasRows = st.execute(query);
            if (hasRows) {
                try (ResultSet rs = st.getResultSet()) {
                    if (rs.next() && isBoolean(rs.getMetaData().getColumnType(1))
                            && !rs.getBoolean(1)) {
                        throw new VerificationFailure(VerificationCheck.SMOKE_QUERY, "'" + query + "' returned false");
                    }
                }
            }
        } catch (SQLException e) {
            throw new VerificationFailure(VerificationCheck.SMOKE_QUERY, "'" + query + "' failed: " + e.getMessage());
        }
    }

    private static boolean isBoolean(int sqlType) {
        return sqlType == java.sql.Types.BIT || sqlType == java.sql.Types.BOOLEAN;
    }

}
