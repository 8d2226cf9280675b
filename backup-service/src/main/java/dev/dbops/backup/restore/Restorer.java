package dev.dbops.backup.restore;

import dev.dbops.backup.BackupSettings;
import dev.dbops.backup.catalog.Backup;
import dev.dbops.backup.catalog.BackupStatus;
import dev.dbops.backup.pg.Identifiers;
import dev.dbops.backup.pg.OwnSql;
import dev.dbops.backup.pg.PgTools;
import dev.dbops.backup.repository.BackupRepository;
import dev.dbops.backup.take.Manifest;
import dev.dbops.common.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Restores a catalogued backup into a database on the target's server with stock pg_restore. */
@Component
class Restorer {

    private final BackupRepository repository;
    private final PgTools tools;
    private final BackupSettings settings;
    private final String platformDatabase;

    Restorer(BackupRepository repository, PgTools tools, BackupSettings settings, Environment environment) {
        this.repository = repository;
        this.tools = tools;
        this.settings = settings;
        this.platformDatabase = environment.getProperty("spring.datasource.url", "");
    }

    /** What to restore, checked against the request and the backup's manifest before anything is touched. */
    record Plan(Manifest manifest, List<Manifest.Table> tables, Set<String> schemas, List<Manifest.Table> counted) {

        boolean partial() {
            return !tables.isEmpty() || !schemas.isEmpty();
        }
    }

    Plan plan(RestoreJob job, Backup backup, Target target) throws RestoreRefused, IOException {
        if (!backup.target().equals(job.target())) {
            throw new RestoreRefused("backup " + backup.backupId() + " is a backup of target " + backup.target()
                    + ", not of " + job.target());
        }
        if (backup.status() != BackupStatus.COMPLETED) {
            throw new RestoreRefused("backup " + backup.backupId() + " is " + backup.status() + ", not completed");
        }
        checkDatabaseName(job.intoDatabase(), target);
        Manifest manifest;
        try (InputStream in = repository.read(backup.location(), Manifest.FILE_NAME)) {
            manifest = Manifest.read(in);
        }
        List<Manifest.Table> tables = new ArrayList<>();
        for (String name : job.tables()) {
            tables.add(resolve(name, manifest));
        }
        Set<String> schemas = new LinkedHashSet<>();
        for (String schema : job.schemas()) {
            Identifiers.requireValid("schema", schema);
            if (manifest.tables().stream().noneMatch(t -> t.schema().equals(schema))) {
                throw new RestoreRefused("backup " + backup.backupId() + " has no table in schema " + schema);
            }
            schemas.add(schema);
        }
        List<Manifest.Table> counted = tables.isEmpty() && schemas.isEmpty() ? manifest.tables()
                : manifest.tables().stream().filter(t -> tables.contains(t) || schemas.contains(t.schema())).toList();
        return new Plan(manifest, tables, schemas, counted);
    }

    /** Whether the database exists on the target's server. */
    boolean exists(Target target, String database) throws SQLException {
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void createDatabase(Target target, String database) throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            st.execute(OwnSql.TAG + "CREATE DATABASE " + Identifiers.quote(database) + " TEMPLATE template0");
        }
    }

    void dropDatabase(Target target, String database) throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            st.execute(OwnSql.TAG + "DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
        }
    }

    /** Runs pg_restore and returns the row counts of what it restored, checked against the manifest. */
    Map<String, Long> restore(Plan plan, Backup backup, Target target, String database, boolean overwrite)
            throws IOException, InterruptedException, SQLException, RestoreRefused {
        Path dump = repository.localCopy(backup.location()).resolve(plan.manifest().dump());
        List<String> args = new ArrayList<>(List.of("--jobs=" + tools.jobs(), "--exit-on-error",
                "--dbname=" + PgTools.connectionString(database)));
        if (overwrite) {
            args.add("--clean");
            args.add("--if-exists");
        }
        Path list = null;
        try {
            if (plan.partial()) {
                String toc = tools.run(target, "pg_restore", List.of("--list", PgTools.path(dump)));
                list = Files.createTempFile("dbops-restore-", ".list");
                Files.write(list, TocSelection.select(TocSelection.parse(toc), plan.tables(), plan.schemas()));
                args.add("--use-list=" + PgTools.path(list));
            }
            args.add(PgTools.path(dump));
            tools.run(target, "pg_restore", args);
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

    private void checkDatabaseName(String database, Target target) throws RestoreRefused {
        try {
            Identifiers.requireValid("database", database);
        } catch (IllegalArgumentException e) {
            throw new RestoreRefused(e.getMessage());
        }
        if (settings.protectedDatabases().contains(database)) {
            throw new RestoreRefused("database " + database + " is protected (dbops.backup.protected-databases)");
        }
        if (sameServer(platformDatabase, target.url()) && database.equals(databaseOf(platformDatabase))) {
            throw new RestoreRefused("database " + database + " is the dbops platform database");
        }
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

    private static boolean sameServer(String jdbcUrlA, String jdbcUrlB) {
        try {
            URI a = URI.create(jdbcUrlA.substring("jdbc:".length()));
            URI b = URI.create(jdbcUrlB.substring("jdbc:".length()));
            return a.getHost() != null && a.getHost().equals(b.getHost()) && port(a) == port(b);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 5432;
    }

    private static String databaseOf(String jdbcUrl) {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path == null ? "" : path.replaceFirst("^/", "");
    }
}
