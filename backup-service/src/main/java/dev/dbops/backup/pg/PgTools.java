package dev.dbops.backup.pg;

import dev.dbops.backup.BackupSettings;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Starts pg_dump and pg_restore for a target: connection settings through libpq's environment
 * (PGHOST, PGPORT, PGUSER, PGPASSWORD, and the URL's sslmode, sslrootcert, sslcert, sslkey and sslcrl as
 * PGSSLMODE etc.), so no password is on a command line; any tool output that reaches a log or an event is
 * redacted first; a tool still running {@code dbops.backup.dump.tool-timeout} after its start is stopped.
 */
@Component
public class PgTools {

    public static final String APPLICATION_NAME = "dbops-backup";

    /** The target URL's SSL parameters that pgjdbc and libpq share, and libpq's environment variable for each. */
    private static final Map<String, String> SSL_ENVIRONMENT = Map.of("sslmode", "PGSSLMODE",
            "sslrootcert", "PGSSLROOTCERT", "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "sslcrl", "PGSSLCRL");

    private final TargetRegistry registry;
    private final BackupSettings.Dump settings;

    public PgTools(TargetRegistry registry, BackupSettings settings) {
        this.registry = registry;
        this.settings = settings.dump();
    }

    /** A started tool whose stderr is collected; {@link Running#await()} returns its output or throws. */
    public Running start(Target target, String tool, List<String> args) throws IOException {
        return start(target, tool, args, APPLICATION_NAME);
    }

    /** Starts a tool whose sessions carry {@code applicationName}, so they can be found in pg_stat_activity. */
    public Running start(Target target, String tool, List<String> args, String applicationName) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(settings.binDir() == null ? tool : settings.binDir().resolve(tool).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(target, builder.environment());
        builder.environment().put("PGAPPNAME", applicationName);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        return new Running(tool, process, stdout, stderr, System.nanoTime() + settings.toolTimeout().toNanos());
    }

    /** Runs a tool to completion; its stdout, or a {@link ToolFailedException} naming the tool and its message. */
    public String run(Target target, String tool, List<String> args) throws IOException, InterruptedException {
        return start(target, tool, args).await();
    }

    public int jobs() {
        return settings.jobs();
    }

    public java.time.Duration lockWaitTimeout() {
        return settings.lockWaitTimeout();
    }

    public int compressLevel() {
        return settings.compressLevel();
    }

    void environment(Target target, Map<String, String> env) {
        URI uri = URI.create(target.url().substring("jdbc:".length()));
        env.put("PGHOST", uri.getHost());
        env.put("PGPORT", Integer.toString(uri.getPort() > 0 ? uri.getPort() : 5432));
        env.put("PGUSER", target.username());
        env.put("PGCONNECT_TIMEOUT", "10");
        if (target.password() != null) {
            env.put("PGPASSWORD", target.password());
        } else {
            env.remove("PGPASSWORD");
        }
        SSL_ENVIRONMENT.values().forEach(env::remove);
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String variable = eq < 0 ? null : SSL_ENVIRONMENT.get(pair.substring(0, eq));
                if (variable != null) {
                    env.put(variable, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
    }


    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "pg-tool-output");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** A tool process; {@link #destroy()} stops it (and its parallel workers). */
    public final class Running {

        private final String tool;
        private final Process process;
        private final CompletableFuture<String> stdout;
        private final CompletableFuture<String> stderr;
        private final long deadline;
        private long mostRead;
        private boolean readKnown;

        Running(String tool, Process process, CompletableFuture<String> stdout, CompletableFuture<String> stderr,
                long deadline) {
            this.tool = tool;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.deadline = deadline;
        }

        public String await() throws InterruptedException {
            try {
                if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    destroy();
                    throw new ToolFailedException(tool, "still running after " + settings.toolTimeout()
                            + " (dbops.backup.dump.tool-timeout); stopped");
                }
            } catch (InterruptedException e) {
                destroy();
                throw e;
            }
            int exit = process.exitValue();
            String out = stdout.join();
            String err = stderr.join();
            if (exit != 0) {
                throw new ToolFailedException(tool, exit, registry.redact(lastLines(err)));
            }
            return out;
        }

        /**
         * What the tool and its parallel workers have read so far (files and the server's socket alike), from
         * Linux's /proc/&lt;pid&gt;/io; never less than an earlier answer (a process that exited takes its count
         * along). Empty where the operating system does not say.
         */
        public synchronized OptionalLong bytesRead() {
            long sum = 0;
            boolean known = false;
            for (ProcessHandle handle : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
                OptionalLong read = ProcIo.bytesRead(handle.pid());
                if (read.isPresent()) {
                    known = true;
                    sum += read.getAsLong();
                }
            }
            if (known) {
                readKnown = true;
                mostRead = Math.max(mostRead, sum);
            }
            // once the tool has exited its count is gone from /proc: the last one stands
            return readKnown ? OptionalLong.of(mostRead) : OptionalLong.empty();
        }

        public void destroy() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - 5);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
    }

    /** The application name of the pg_dump sessions of one backup. */
    public static String applicationNameOf(String backupId) {
        return APPLICATION_NAME + " " + backupId;
    }

    /** A libpq connection string naming just the database; host, port and user come from the environment. */
    public static String connectionString(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The path of a tool argument that names a file or directory. */
    public static String path(Path path) {
        return path.toAbsolutePath().toString();
    }
}
