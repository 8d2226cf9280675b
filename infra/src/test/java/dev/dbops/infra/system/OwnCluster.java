package dev.dbops.infra.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL 15 cluster of the tests' own (initdb + pg_ctl of the Debian binaries, run as
 * {@code postgres} when we are root), for a target that a scenario stops and starts again: the shared
 * cluster on 5433 holds the platform databases and is never stopped.
 */
final class OwnCluster {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    final Postgres server;
    private final Path dataDir;
    private final Path logFile;

    OwnCluster(int port, Path dataDir, Path logFile) {
        this.server = new Postgres(port);
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** A fresh cluster, started; whatever an earlier run left in its directory is stopped and removed. */
    void create() {
        stopIfRunning();
        asOwner("rm", "-rf", dataDir.toString());
        Stacks.run(Map.of(), Duration.ofSeconds(30), "mkdir", "-p", dataDir.getParent().toString());
        if (root()) {
            Stacks.run(Map.of(), Duration.ofSeconds(30), "chown", "postgres", dataDir.getParent().toString());
        }
        asOwner(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8");
        start();
    }

    void start() {
        asOwner(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", logFile.toString(), "-w", "-t", "60",
                "-o", "-p " + server.port() + " -c listen_addresses=127.0.0.1 -k /tmp"
                        + " -c shared_preload_libraries=pg_stat_statements -c fsync=off", "start");
    }

    /** Fast shutdown: clients are disconnected, as when a database server goes away. */
    void stop() {
        asOwner(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
    }

    void destroy() {
        stopIfRunning();
        asOwner("rm", "-rf", dataDir.toString());
    }

    /**
     * Stops the server its directory names, if that server still runs: a run that was killed leaves a
     * postmaster.pid whose process is gone, and pg_ctl refuses to stop that.
     */
    private void stopIfRunning() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException unreadable) {
            return;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            stop();
        }
    }

    private void asOwner(String... command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        try {
            Files.createDirectories(logFile.getParent());
            if (root() && !Files.exists(logFile)) {
                Files.createFile(logFile);
                Stacks.run(Map.of(), Duration.ofSeconds(10), "chown", "postgres", logFile.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Stacks.run(Map.of(), Duration.ofSeconds(90), full.toArray(String[]::new));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
