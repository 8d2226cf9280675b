package dev.dbops.backup.take;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.encryption.DumpEncryption;
import dev.dbops.backup.encryption.KeyRing;
import dev.dbops.backup.pg.BackupTools;
import dev.dbops.backup.repository.BackupRepository;
import dev.dbops.backup.repository.FileSystemBackupRepository;
import dev.dbops.common.pgtools.PgTools;
import dev.dbops.common.pgtools.RunningTool;
import dev.dbops.common.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Takes one backup of a target. A REPEATABLE READ transaction exports its snapshot; pg_dump
 * (directory format, parallel, its own gzip so that stock pg_restore reads the result) dumps that
 * snapshot while the same transaction counts every table's rows, so the manifest's counts are
 * exactly what the dump holds. The transaction stays open until pg_dump is done.
 */
@Component
public class BackupTaker {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BackupTaker.class);

    public static final String FORMAT = "directory";

    private final PgTools tools;
    private final BackupSettings.Dump dump;
    private final BackupRepository repository;
    private final DumpEncryption encryption;
    private final Clock clock;

    BackupTaker(PgTools tools, BackupSettings settings, BackupRepository repository, DumpEncryption encryption,
            Clock clock) {
        this.tools = tools;
        this.dump = settings.dump();
        this.repository = repository;
        this.encryption = encryption;
        this.clock = clock;
    }

    public String compression() {
        return dump.compressLevel() == 0 ? "none" : "gzip:" + dump.compressLevel();
    }

    /** Dumps {@code target} into the repository; on any failure nothing of it is left there. */
    public TakenBackup take(Target target, String backupId) throws Exception {
        return take(target, backupId, dump -> { });
    }

    /** As {@link #take(Target, String)}, handing the pg_dump under way to {@code dumping} as soon as it runs. */
    public TakenBackup take(Target target, String backupId, Consumer<RunningDump> dumping) throws Exception {
        Instant startedAt = clock.instant();
        boolean published = false;
        try {
            Path staged = repository.stage(target.id(), backupId);
            Manifest manifest = dump(target, backupId, staged, startedAt, dumping);
            byte[] json = manifest.toJson();
            FileSystemBackupRepository.writeAtomically(staged.resolve(Manifest.FILE_NAME), json);
            String location = repository.publish(target.id(), backupId);
            published = true;
            return new TakenBackup(location, manifest, Sha256.of(json), manifest.sizeBytes() + json.length);
        } finally {
            if (!published) {
                discardQuietly(target.id(), backupId);
            }
        }
    }

    private Manifest dump(Target target, String backupId, Path staged, Instant startedAt,
            Consumer<RunningDump> dumping) throws Exception {
        Path dumpDir = staged.resolve(Manifest.DUMP_DIRECTORY);
        try (Connection snapshot = target.connect()) {
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            snapshot.setReadOnly(true);
            long lockWaitMillis = dump.lockWaitTimeout().toMillis();
            single(snapshot, "SELECT set_config('lock_timeout', '" + lockWaitMillis + "ms', true)");
            // the counts run beside pg_dump: one process, no JIT, so they take as little CPU from it as they can
            single(snapshot, "SELECT set_config('max_parallel_workers_per_gather', '0', true)");
            single(snapshot, "SELECT set_config('jit', 'off', true)");
            String snapshotId = single(snapshot, "SELECT pg_export_snapshot()");
            String serverVersion = single(snapshot, "SHOW server_version");
            String database = single(snapshot, "SELECT current_database()");
            long databaseBytes = Long.parseLong(single(snapshot, "SELECT pg_database_size(current_database())"));
            RunningTool pgDump = tools.start(target, "pg_dump", List.of(
                    "--format=directory", "--jobs=" + dump.jobs(), "--compress=" + dump.compressLevel(),
                    "--snapshot=" + snapshotId, "--lock-wait-timeout=" + lockWaitMillis + "ms",
                    "--file=" + PgTools.path(dumpDir),
                    "--dbname=" + PgTools.connectionString(database)), BackupTools.applicationNameOf(backupId));
            long dumpStart = System.nanoTime();
            dumping.accept(new RunningDump(pgDump, dumpDir, databaseBytes));
            List<Manifest.Table> tables;
            try {
                tables = SnapshotTables.countAll(snapshot);
            } catch (SQLException | RuntimeException e) {
                pgDump.destroy();
                throw e;
            }
            long counted = System.nanoTime();
            pgDump.await();
            long dumped = System.nanoTime();
            snapshot.commit();
            KeyRing.Key key = encryption.keys().activeFor(target.id()).orElse(null);
            List<Manifest.File> files = key == null ? checksums(staged, dumpDir) : sealed(staged, dumpDir, key);
            log.info("Backup {} of target {}: row counts {} ms (beside pg_dump), pg_dump {} ms, {} {} ms",
                    backupId, target.id(), (counted - dumpStart) / 1_000_000, (dumped - dumpStart) / 1_000_000,
                    key == null ? "checksums" : "encryption with key " + key.id() + " and checksums",
                    (System.nanoTime() - dumped) / 1_000_000);
            long size = files.stream().mapToLong(Manifest.File::sizeBytes).sum();
            Manifest.Encryption encrypted = key == null ? null : new Manifest.Encryption(DumpEncryption.ALGORITHM,
                    key.id(), files.stream().map(Manifest.File::path).toList());
            return new Manifest(key == null ? 1 : 2, backupId, target.id(), database, serverVersion,
                    pgDumpVersion(target), FORMAT, compression(), Manifest.DUMP_DIRECTORY, startedAt, clock.instant(),
                    tables, files, size, encrypted);
        }
    }

    private List<Manifest.File> sealed(Path backupDir, Path dumpDir, KeyRing.Key key) throws IOException {
        return encryption.seal(backupDir, dumpDir, key).stream()
                .map(f -> new Manifest.File(f.path(), f.sizeBytes(), f.sha256())).toList();
    }

    private static List<Manifest.File> checksums(Path backupDir, Path dumpDir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dumpDir)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Manifest.File> files = new ArrayList<>();
        for (Path path : paths) {
            try (InputStream in = Files.newInputStream(path)) {
                files.add(new Manifest.File(backupDir.relativize(path).toString(), Files.size(path), Sha256.of(in)));
            }
        }
        return files;
    }

    private volatile String pgDumpVersion;

    private String pgDumpVersion(Target target) throws IOException, InterruptedException {
        if (pgDumpVersion == null) {
            pgDumpVersion = tools.run(target, "pg_dump", List.of("--version")).strip();
        }
        return pgDumpVersion;
    }


    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void discardQuietly(String target, String backupId) {
        try {
            repository.discard(target, backupId);
        } catch (IOException | RuntimeException e) {
            // recovery removes what is left on the next start
        }
    }
}
