package dev.dbops.common.pgtools;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Starts PostgreSQL's client tools against a target: connection settings from its URL through libpq's environment
 * ({@link LibpqConnection}), so no password is on a command line; stdin closed, stdout and stderr collected; what
 * the tool says on failure redacted (every registered target's password and the target's own) before it reaches
 * a log or an event; a tool still running {@link PgToolSettings#timeout()} after its start is stopped.
 */
public class PgTools {

    private final TargetRegistry registry;
    private final PgToolSettings settings;

    public PgTools(TargetRegistry registry, PgToolSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** A started tool whose output is collected; {@link RunningTool#await()} returns its stdout or throws. */
    public RunningTool start(Target target, String tool, List<String> args) throws IOException {
        return start(target, tool, args, settings.applicationName());
    }

    /** Starts a tool whose sessions carry {@code applicationName}, so they can be found in pg_stat_activity. */
    public RunningTool start(Target target, String tool, List<String> args, String applicationName) throws IOException {
        LibpqConnection connection;
        try {
            connection = LibpqConnection.parse(target.url());
        } catch (IllegalArgumentException e) {
            throw new ToolFailedException(tool, "target " + target.id() + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>();
        command.add(settings.binDir() == null ? tool : settings.binDir().resolve(tool).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        connection.applyTo(builder.environment(), target.username(), target.password());
        builder.environment().put("PGAPPNAME", applicationName);
        Process process = builder.start();
        process.getOutputStream().close();
        return new RunningTool(tool, process, drain(process.getInputStream()), drain(process.getErrorStream()),
                System.nanoTime() + settings.timeout().toNanos(), settings,
                text -> redact(text, target, connection));
    }

    /** Runs a tool to completion: its stdout, or a {@link ToolFailedException} naming the tool and its message. */
    public String run(Target target, String tool, List<String> args) throws IOException, InterruptedException {
        return start(target, tool, args).await();
    }

    /** Every registered password, the target's own (a drill server is in no registry) and one in its URL. */
    private String redact(String text, Target target, LibpqConnection connection) {
        String redacted = target.redact(registry.redact(text));
        String inUrl = connection.parameters().get("password");
        return inUrl == null || inUrl.isEmpty() ? redacted : redacted.replace(inUrl, "******");
    }

    /** A libpq connection string naming just the database; server and user come from the environment. */
    public static String connectionString(String database) {
        return LibpqConnection.connectionString(database);
    }

    /** The path of a tool argument that names a file or directory. */
    public static String path(Path path) {
        return path.toAbsolutePath().toString();
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
}
