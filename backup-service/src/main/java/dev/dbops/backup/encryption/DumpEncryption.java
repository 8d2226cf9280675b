package dev.dbops.backup.encryption;

import dev.dbops.backup.repository.BackupRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Seals a dump's files after pg_dump wrote them, and opens them again, decrypted, where pg_restore can read them.
 *
 * <p>pg_dump's directory format cannot write into a pipe, so each file is sealed when pg_dump is done and its
 * plaintext removed before the backup is published: the repository only ever publishes ciphertext, while the
 * staging directory holds plaintext for the length of one dump. A restore or drill decrypts every file into a staging
 * directory before pg_restore starts: GCM proves a segment only once it is read whole, so a file decrypted through a
 * pipe could be found changed after pg_restore had written rows from it; decrypted first, a wrong key or a changed
 * file fails before anything is written into a database.
 */
@Component
public class DumpEncryption {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DumpEncryption.class);

    public static final String ALGORITHM = "AES-256-GCM segmented (DBE1), " + GcmSegments.DEFAULT_SEGMENT_BYTES
            + "-byte segments";

    /** A sealed file as it now is on disk, relative to the backup. */
    public record SealedFile(String path, long sizeBytes, String sha256) {
    }

    private final BackupRepository repository;
    private final KeyRing keys;

    public DumpEncryption(BackupRepository repository, KeyRing keys) {
        this.repository = repository;
        this.keys = keys;
    }

    public KeyRing keys() {
        return keys;
    }

    /** Encrypts every file under {@code dumpDir} in place with {@code key}; its sizes and checksums are the sealed ones. */
    public List<SealedFile> seal(Path backupDir, Path dumpDir, KeyRing.Key key) throws IOException {
        List<SealedFile> sealed = new ArrayList<>();
        for (Path file : filesUnder(dumpDir)) {
            Path temp = file.resolveSibling(file.getFileName() + ".sealing");
            MessageDigest sha256 = sha256();
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                try (InputStream in = Files.newInputStream(file);
                        OutputStream out = GcmSegments.encrypting(new DigestOutputStream(
                                unclosed(Channels.newOutputStream(channel)), sha256), key.secret(),
                                GcmSegments.DEFAULT_SEGMENT_BYTES)) {
                    in.transferTo(out);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            sealed.add(new SealedFile(backupDir.relativize(file).toString(), Files.size(file),
                    HexFormat.of().formatHex(sha256.digest())));
        }
        return sealed;
    }

    /**
     * The backup at {@code backupDir} with the {@code encrypted} files (relative to it) decrypted with key
     * {@code keyId}, the others copied, into a staging directory that closing removes.
     *
     * @throws UndecryptableException naming the key and the file when the key is not in the ring or a file does not
     *     open with it
     */
    public PlainCopy open(String target, Path backupDir, String keyId, List<String> encrypted) throws IOException {
        KeyRing.Key key = keys.require(keyId);
        String stagingId = "plain-" + UUID.randomUUID();
        PlainCopy copy = new PlainCopy(repository.stage(target, stagingId), () -> repository.discard(target, stagingId));
        try {
            for (Path file : filesUnder(backupDir)) {
                String relative = backupDir.relativize(file).toString();
                Path plain = copy.dir().resolve(relative);
                Files.createDirectories(plain.getParent());
                if (!encrypted.contains(relative)) {
                    Files.copy(file, plain);
                    continue;
                }
                try (InputStream in = GcmSegments.decrypting(Files.newInputStream(file), key.secret())) {
                    Files.copy(in, plain);
                } catch (UndecryptableException e) {
                    throw new UndecryptableException(relative + " does not decrypt with key " + keyId + ": "
                            + e.getMessage());
                }
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /** A decrypted copy of a backup in the repository's staging area. */
    public static final class PlainCopy implements AutoCloseable {

        interface Removal {
            void remove() throws IOException;
        }

        private final Path dir;
        private final Removal removal;

        PlainCopy(Path dir, Removal removal) {
            this.dir = dir;
            this.removal = removal;
        }

        /** A backup that is not encrypted, read where it is; closing leaves it there. */
        public static PlainCopy unencrypted(Path backupDir) {
            return new PlainCopy(backupDir, () -> { });
        }

        /** The backup's directory, decrypted. */
        public Path dir() {
            return dir;
        }

        /** Removes the copy; one left behind (a full disk, a crash) goes with the stray staging at the next start. */
        @Override
        public void close() {
            try {
                removal.remove();
            } catch (IOException e) {
                log.warn("Could not remove the decrypted copy {}: {}", dir, e.getMessage());
            }
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The channel is forced before it closes, so the stream around it must not close it. */
    private static OutputStream unclosed(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
