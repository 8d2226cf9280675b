package dev.dbops.migration.lockprobe;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.MigrationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** pg_dump and psql against a target's server, with its credentials in the environment, never on the command line. */
@Component
public class PgTools {

    private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/.*$");

    private final MigrationSettings.Tools tools;
    private final TargetRegistry registry;

    public PgTools(MigrationSettings settings, TargetRegistry registry) {
        this.tools = settings.tools();
        this.registry = registry;
    }

    /** The schema of {@code database} on the target's server as pg_dump --schema-only prints it. */
    public String dumpSchema(Target target, String database) throws IOException {
        Path out = Files.createTempFile("dbops-schema-", ".sql");
        try {
            run(target, List.of(tools.pgDump(), "--schema-only", "--no-owner", "--no-privileges", "--file",
                    out.toString(), "--dbname", database));
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs a script (e.g. a schema dump) into {@code database} with psql, stopping at the first error. */
    public void load(Target target, String database, String script) throws IOException {
        Path in = Files.createTempFile("dbops-load-", ".sql");
        try {
            Files.writeString(in, script);
            run(target, List.of(tools.psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--file", in.toString(),
                    "--dbname", database));
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private void run(Target target, List<String> command) throws IOException {
        Matcher m = URL.matcher(target.url());
        if (!m.matches()) {
            throw new IllegalStateException("target " + target.id() + " has a URL pg_dump cannot use");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGHOST", m.group(1));
        pb.environment().put("PGPORT", m.group(2) == null ? "5432" : m.group(2));
        pb.environment().put("PGUSER", target.username());
        pb.environment().put("PGAPPNAME", "dbops-migration-scratch");
        if (target.password() != null) {
            pb.environment().put("PGPASSWORD", target.password());
        }
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " failed for target " + target.id() + ": "
                        + registry.redact(new String(output, StandardCharsets.UTF_8).strip()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(command.get(0) + " interrupted", e);
        }
    }
}
