package dev.dbops.backup.restore;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.backup.pg.Identifiers;
import dev.dbops.backup.encryption.DumpEncryption;
import dev.dbops.backup.store.Backup;
import dev.dbops.backup.take.Manifest;
import dev.dbops.backup.verify.Verifier;
import dev.dbops.common.pgtools.PgTools;
import dev.dbops.common.pgtools.RunningTool;
import dev.dbops.common.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Restores a catalogued backup into a database on the target's server with stock pg_restore. */
@Component
class Restorer {

    private final Verifier verifier;
    private final PgTools tools;
    private final int jobs;

    Restorer(Verifier verifier, PgTools tools, BackupSettings settings) {
        this.verifier = verifier;
        this.tools = tools;
        this.jobs = settings.dump().jobs();
    }

    /**
     * The backup as pg_restore reads it, decrypted into staging when it is encrypted: a wrong or missing key fails
     * here, before any database is created or written.
     */
    DumpEncryption.PlainCopy readable(Backup backup, Manifest manifest) throws RestoreRefused {
        try {
            return verifier.readable(backup, manifest);
        } catch (IOException e) {
            throw new RestoreRefused("backup " + backup.backupId() + " cannot be read: " + e.getMessage());
        }
    }

    /** What to restore, checked against the request and the backup's manifest before anything is touched. */
    record Plan(Manifest manifest, List<Manifest.Table> tables, Set<String> schemas, List<Manifest.Table> counted) {

        boolean partial() {
            return !tables.isEmpty() || !schemas.isEmpty();
        }
    }

    Plan plan(RestoreJob job, Manifest manifest) throws RestoreRefused {
        List<Manifest.Table> tables = new ArrayList<>();
        for (String name : job.tables()) {
            tables.add(resolve(name, manifest));
        }
        Set<String> schemas = new LinkedHashSet<>();
        for (String schema : job.schemas()) {
            Identifiers.requireValid("schema", schema);
            if (manifest.tables().stream().noneMatch(t -> t.schema().equals(schema))) {
                throw new RestoreRefused("backup " + manifest.backupId() + " has no table in schema " + schema);
            }
            schemas.add(schema);
        }
        List<Manifest.Table> counted = tables.isEmpty() && schemas.isEmpty() ? manifest.tables()
                : manifest.tables().stream().filter(t -> tables.contains(t) || schemas.contains(t.schema())).toList();
        return new Plan(manifest, tables, schemas, counted);
    }

    /**
     * Runs pg_restore into a database this restore created (never with --clean over a live one), handing it to
     * {@code restoring} as soon as it runs, and returns the row counts of what it restored, checked against the
     * manifest.
     */
    Map<String, Long> restore(Plan plan, DumpEncryption.PlainCopy backup, Target target, String database,
            Consumer<RunningTool> restoring)
            throws IOException, InterruptedException, SQLException, RestoreRefused {
        Path dump = backup.dir().resolve(plan.manifest().dump());
        List<String> args = new ArrayList<>(List.of("--jobs=" + jobs, "--exit-on-error",
                "--dbname=" + PgTools.connectionString(database)));
        Path list = null;
        try {
            if (plan.partial()) {
                String toc = tools.run(target, "pg_restore", List.of("--list", PgTools.path(dump)));
                list = Files.createTempFile("dbops-restore-", ".list");
                Files.write(list, TocSelection.select(TocSelection.parse(toc), plan.tables(), plan.schemas()));
                args.add("--use-list=" + PgTools.path(list));
            }
            args.add(PgTools.path(dump));
            RunningTool pgRestore = tools.start(target, "pg_restore", args);
            restoring.accept(pgRestore);
            pgRestore.await();
        } finally {
            if (list != null) {
                Files.deleteIfExists(list);
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = target.connectTo(database)) {
            for (Manifest.Table table : plan.counted()) {
                long rows = Identifiers.countRows(c, table.schema(), table.name());
                counts.put(table.qualifiedName(), rows);
                if (rows != table.rows()) {
                    throw new RestoreRefused(table.qualifiedName() + " has " + rows + " rows after the restore, "
                            + "the backup's manifest says " + table.rows());
                }
            }
        }
        return counts;
    }

    /** "schema.table" or a table name found in exactly one schema of the manifest. */
    private static Manifest.Table resolve(String name, Manifest manifest) throws RestoreRefused {
        String[] parts = name.split("\\.", -1);
        try {
            if (parts.length > 2) {
                throw new IllegalArgumentException("table '" + name + "' is not a table or schema.table name");
            }
            for (String part : parts) {
                Identifiers.requireValid("table", part);
            }
        } catch (IllegalArgumentException e) {
            throw new RestoreRefused(e.getMessage());
        }
        List<Manifest.Table> matches = manifest.tables().stream()
                .filter(t -> parts.length == 2 ? t.schema().equals(parts[0]) && t.name().equals(parts[1])
                        : t.name().equals(parts[0]))
                .toList();
        if (matches.isEmpty()) {
            throw new RestoreRefused("table " + name + " is not in backup " + manifest.backupId());
        }
        if (matches.size() > 1) {
            throw new RestoreRefused("table " + name + " is in several schemas of backup " + manifest.backupId()
                    + "; qualify it (schema.table)");
        }
        return matches.get(0);
    }
}
