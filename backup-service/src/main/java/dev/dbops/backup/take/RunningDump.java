package dev.dbops.backup.take;

import dev.dbops.common.pgtools.RunningTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** A pg_dump under way, measured on demand: its output so far, what it has read, the time since it started. */
public final class RunningDump {

    /**
     * @param databaseBytes pg_database_size when the backup started: an estimate of what pg_dump reads, high
     *     because indexes and free space count too
     */
    public record Sample(long bytesDone, OptionalLong bytesRead, long databaseBytes, Duration elapsed) {
    }

    private final RunningTool pgDump;
    private final Path dumpDir;
    private final long databaseBytes;
    private final long startNanos = System.nanoTime();
    private long mostBytesSeen;

    RunningDump(RunningTool pgDump, Path dumpDir, long databaseBytes) {
        this.pgDump = pgDump;
        this.dumpDir = dumpDir;
        this.databaseBytes = databaseBytes;
    }

    /**
     * The output never shrinks while pg_dump writes it; once the backup is published its staging folder is
     * gone, and a last sample taken then reports what was seen rather than nothing.
     */
    public synchronized Sample sample() {
        mostBytesSeen = Math.max(mostBytesSeen, outputBytes());
        return new Sample(mostBytesSeen, pgDump.bytesRead(), databaseBytes,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private long outputBytes() {
        try (Stream<Path> files = Files.walk(dumpDir)) {
            return files.mapToLong(RunningDump::sizeOrZero).sum();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0; // a file removed while we looked
        }
    }
}
