package dev.dbops.backup.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory: {@code <root>/<target>/<backupId>/} for published backups, {@code <root>/.staging/<backupId>/}
 * while one is taken. Publishing is one rename on the same file system, followed by an fsync of both
 * parent directories, so a backup is either fully there or not at all.
 */
public class FileSystemBackupRepository implements BackupRepository {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String STAGING = ".staging";

    private final Path root;

    public FileSystemBackupRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Path stage(String target, String backupId) throws IOException {
        Path staged = staging(backupId);
        deleteTree(staged);
        Files.createDirectories(staged);
        return staged;
    }

    @Override
    public String publish(String target, String backupId) throws IOException {
        Path staged = staging(backupId);
        Path published = published(target, backupId);
        Files.createDirectories(published.getParent());
        Files.move(staged, published, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(published.getParent());
        fsyncDirectory(staged.getParent());
        return published.toUri().toString();
    }

    @Override
    public Path localCopy(String location) {
        Path dir = Path.of(java.net.URI.create(location)).normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("location " + location + " is outside the repository " + root);
        }
        return dir;
    }

    @Override
    public InputStream read(String location, String file) throws IOException {
        Path dir = localCopy(location);
        Path path = dir.resolve(file).normalize();
        if (!path.startsWith(dir)) {
            throw new IllegalArgumentException("file " + file + " is outside backup " + location);
        }
        return Files.newInputStream(path);
    }

    @Override
    public Set<String> files(String location) throws IOException {
        Path dir = localCopy(location);
        Set<String> files = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.add(dir.relativize(p).toString()));
        }
        return files;
    }

    @Override
    public void discard(String target, String backupId) throws IOException {
        deleteTree(staging(backupId));
        deleteTree(published(target, backupId));
    }

    @Override
    public Set<String> staged() throws IOException {
        Set<String> ids = new TreeSet<>();
        Path dir = root.resolve(STAGING);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(p -> ids.add(p.getFileName().toString()));
            }
        }
        return ids;
    }

    /** Writes a file durably under its final name: temp file, fsync, rename, fsync of the directory. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.getParent());
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private Path staging(String backupId) {
        return root.resolve(STAGING).resolve(safe(backupId));
    }

    private Path published(String target, String backupId) {
        return root.resolve(safe(target)).resolve(safe(backupId));
    }

    private static String safe(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a safe file name: " + name);
        }
        return name;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
