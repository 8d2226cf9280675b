package dev.dbops.migration.lockprobe;

import dev.dbops.common.pgtools.PgToolSettings;
import dev.dbops.common.pgtools.PgTools;
import dev.dbops.common.pgtools.ToolFailedException;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.MigrationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The scratch copy's pg_dump and psql, through common's tool runner: credentials and SSL settings in the
 * environment, never on the command line; secrets redacted from failures. A failure is an IOException,
 * which the planner turns into the finding that the lock probe was unavailable.
 */
@Component
public class SchemaTools {

    private final MigrationSettings.Tools tools;
    private final PgTools runner;

    public SchemaTools(MigrationSettings settings, TargetRegistry registry) {
        this.tools = settings.tools();
        this.runner = new PgTools(registry, new PgToolSettings(null, tools.timeout(), "dbops.migration.tools.timeout",
                "dbops-migration-scratch"));
    }

    /** The schema of {@code database} on the target's server as pg_dump --schema-only prints it. */
    public String dumpSchema(Target target, String database) throws IOException {
        return run(target, tools.pgDump(), List.of("--schema-only", "--no-owner", "--no-privileges",
                "--dbname=" + PgTools.connectionString(database)));
    }

    /** Runs a script (e.g. a schema dump) into {@code database} with psql, stopping at the first error. */
    public void load(Target target, String database, String script) throws IOException {
        Path in = Files.createTempFile("dbops-load-", ".sql");
        try {
            Files.writeString(in, script);
            run(target, tools.psql(), List.of("-X", "-q", "-v", "ON_ERROR_STOP=1", "--file", PgTools.path(in),
                    "--dbname=" + PgTools.connectionString(database)));
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private String run(Target target, String tool, List<String> args) throws IOException {
        try {
            return runner.run(target, tool, args);
        } catch (ToolFailedException e) {
            throw new IOException(tool + " failed for target " + target.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(tool + " interrupted", e);
        }
    }
}
