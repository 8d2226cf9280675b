package dev.dbops.infra.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pid files of the processes the system tests started ({@code .dbops/systest/run/<name>.pid}: pid and a
 * marker of its command line), so that a run killed half-way (the test JVM itself killed) has its
 * leftovers stopped by the next run, by pid, and nothing else.
 */
final class ProcessLedger {

    private final Path dir;

    ProcessLedger(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void record(String name, long pid, String marker) {
        write(dir.resolve(name + ".pid"), pid + " " + marker);
    }

    void forget(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills (-9) every recorded process still alive whose command line still holds its marker. */
    void killLeftovers() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String[] line = Files.readString(file).trim().split(" ", 2);
                Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(line[0]));
                if (handle.isPresent() && line.length == 2 && commandLine(handle.get().pid()).contains(line[1])) {
                    System.out.println("[systest] stopping a leftover of an earlier run: " + file.getFileName()
                            + " (pid " + line[0] + ")");
                    handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.get().destroyForcibly();
                    handle.get().onExit().join();
                }
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
