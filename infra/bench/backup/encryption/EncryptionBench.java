import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.encryption.DumpEncryption;
import dev.dbops.backup.encryption.KeyRing;
import dev.dbops.backup.repository.FileSystemBackupRepository;
import dev.dbops.backup.take.Sha256;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Backup and restore of one database with and without encryption, as the service does them: pg_dump (directory,
 * --jobs=2, gzip 1), then SHA-256 of each file or DumpEncryption.seal; restore: pg_restore --jobs=2 into a new
 * database, from the backup or from DumpEncryption.open's decrypted copy. Runs alternate, plain first; medians of 3.
 * Usage: java -cp backup-service/target/classes:slf4j-api.jar EncryptionBench.java <database> <work dir>
 * (libpq's PGHOST, PGPORT, PGUSER in the environment).
 */
public class EncryptionBench {

    public static void main(String[] args) throws Exception {
        String database = args[0];
        Path work = Path.of(args[1]).toAbsolutePath();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        var encryption = new BackupSettings.Encryption(true, "bench",
                Map.of("bench", new BackupSettings.KeySource(null, "BENCH_KEY")));
        var settings = new BackupSettings(null, null, 2, null, null, null, List.of(), Map.of(), 1000, null, encryption);
        String encoded = Base64.getEncoder().encodeToString(key);
        KeyRing ring = KeyRing.load(settings, name -> encoded);
        var repository = new FileSystemBackupRepository(work.resolve("repo"));
        DumpEncryption dumps = new DumpEncryption(repository, ring);
        KeyRing.Key active = ring.activeFor("bench").orElseThrow();

        List<Long> backupPlain = new ArrayList<>(), backupSealed = new ArrayList<>();
        List<Long> restorePlain = new ArrayList<>(), restoreSealed = new ArrayList<>();
        long plainBytes = 0, sealedBytes = 0;
        for (int round = 0; round < 3; round++) {
            for (boolean sealed : new boolean[] {false, true}) {
                Path backup = work.resolve("backup-" + round + (sealed ? "-sealed" : "-plain"));
                Path dump = backup.resolve("dump");
                Files.createDirectories(backup);
                long start = System.nanoTime();
                run("pg_dump", "--format=directory", "--jobs=2", "--compress=1", "--file=" + dump, "--dbname=" + database);
                long bytes;
                if (sealed) {
                    bytes = dumps.seal(backup, dump, active).stream().mapToLong(DumpEncryption.SealedFile::sizeBytes).sum();
                } else {
                    bytes = 0;
                    for (Path file : files(dump)) {
                        try (InputStream in = Files.newInputStream(file)) {
                            Sha256.of(in);
                        }
                        bytes += Files.size(file);
                    }
                }
                (sealed ? backupSealed : backupPlain).add(millisSince(start));
                if (sealed) {
                    sealedBytes = bytes;
                } else {
                    plainBytes = bytes;
                }

                String into = database + "_restored";
                run("psql", "-q", "-d", "postgres", "-c", "DROP DATABASE IF EXISTS " + into);
                start = System.nanoTime();
                run("psql", "-q", "-d", "postgres", "-c", "CREATE DATABASE " + into + " TEMPLATE template0");
                if (sealed) {
                    List<String> encrypted = files(dump).stream().map(f -> backup.relativize(f).toString()).toList();
                    try (DumpEncryption.PlainCopy copy = dumps.open("bench", backup, active.id(), encrypted)) {
                        run("pg_restore", "--jobs=2", "--exit-on-error", "--dbname=" + into,
                                copy.dir().resolve("dump").toString());
                    }
                } else {
                    run("pg_restore", "--jobs=2", "--exit-on-error", "--dbname=" + into, dump.toString());
                }
                (sealed ? restoreSealed : restorePlain).add(millisSince(start));
                run("psql", "-q", "-d", "postgres", "-c", "DROP DATABASE " + into);
                delete(backup);
                System.out.printf("round %d %s: backup %d ms, restore %d ms%n", round + 1,
                        sealed ? "encrypted" : "plain", (sealed ? backupSealed : backupPlain).get(round),
                        (sealed ? restoreSealed : restorePlain).get(round));
            }
        }
        System.out.printf("backup bytes: plain %d, encrypted %d%n", plainBytes, sealedBytes);
        System.out.printf("median backup: plain %d ms, encrypted %d ms%n", median(backupPlain), median(backupSealed));
        System.out.printf("median restore: plain %d ms, encrypted %d ms%n", median(restorePlain), median(restoreSealed));
        throughput(active);
    }

    /** The format's own speed, on 256 MiB that no compression shrinks: what sealing costs per byte of a dump. */
    static void throughput(KeyRing.Key key) throws Exception {
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(1).nextBytes(chunk);
        List<Long> seal = new ArrayList<>(), open = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            var sealed = new java.io.ByteArrayOutputStream(257 << 20);
            long start = System.nanoTime();
            try (var out = dev.dbops.backup.encryption.GcmSegments.encrypting(sealed, key.secret(),
                    dev.dbops.backup.encryption.GcmSegments.DEFAULT_SEGMENT_BYTES)) {
                for (int i = 0; i < 256; i++) {
                    out.write(chunk);
                }
            }
            seal.add(millisSince(start));
            start = System.nanoTime();
            try (var in = dev.dbops.backup.encryption.GcmSegments.decrypting(
                    new java.io.ByteArrayInputStream(sealed.toByteArray()), key.secret())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            open.add(millisSince(start));
        }
        System.out.printf("256 MiB in memory, median: seal %d ms (%d MiB/s), open %d ms (%d MiB/s)%n", median(seal),
                256_000 / median(seal), median(open), 256_000 / median(open));
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue());
        }
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void delete(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
