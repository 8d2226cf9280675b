package dev.dbops.migration.plan;

import dev.dbops.common.target.Target;
import dev.dbops.migration.lint.PgVersion;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.MigrationProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.internal.info.MigrationInfoImpl;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads a target's state through Flyway: current version, pending steps, drift. Changes nothing. */
@Component
public class TargetInspector {

    private final FlywayFactory flyways;

    public TargetInspector(FlywayFactory flyways) {
        this.flyways = flyways;
    }

    public Inspection inspect(Target target, MigrationProject project, @Nullable String targetVersion)
            throws SQLException {
        Flyway flyway = flyways.flyway(target, project, FlywayFactory.Options.inspect(targetVersion));
        MigrationInfo[] all = flyway.info().all();
        MigrationInfo current = flyway.info().current();
        List<Step> pending = new ArrayList<>();
        List<Step> applied = new ArrayList<>();
        Set<MigrationVersion> resolved = new HashSet<>();
        for (MigrationInfo info : all) {
            if (info.isVersioned() && info.getPhysicalLocation() != null && !info.getPhysicalLocation().isEmpty()) {
                resolved.add(info.getVersion());
            }
            if (info.getState() == MigrationState.PENDING) {
                pending.add(step(info));
            } else if (info.getState() == MigrationState.SUCCESS && info.isVersioned()) {
                applied.add(step(info));
            }
        }
        List<Inspection.DriftError> drift = new ArrayList<>();
        for (ValidateOutput invalid : flyway.validateWithResult().invalidMigrations) {
            drift.add(new Inspection.DriftError(invalid.version == null || invalid.version.isEmpty() ? null
                    : invalid.version, invalid.filepath, String.valueOf(invalid.errorDetails.errorCode),
                    invalid.errorDetails.errorMessage));
        }
        try (Connection c = target.connect()) {
            return new Inspection(pgVersion(c), current == null ? null : current.getVersion(), pending, resolved,
                    applied, drift, validatedNotNullChecks(c));
        }
    }

    private static Step step(MigrationInfo info) {
        boolean transactional = !(info instanceof MigrationInfoImpl impl) || impl.getResolvedMigration() == null
                || impl.getResolvedMigration().getExecutor().canExecuteInTransaction();
        String sql = "";
        if (info.getPhysicalLocation() != null && !info.getPhysicalLocation().isEmpty()) {
            try {
                sql = Files.readString(Path.of(info.getPhysicalLocation()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + info.getPhysicalLocation(), e);
            }
        }
        return new Step(info.isVersioned() ? info.getVersion().getVersion() : null, info.getDescription(),
                info.getScript(), info.isVersioned() ? "versioned" : "repeatable", info.getChecksum(), transactional,
                sql);
    }

    static PgVersion pgVersion(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return PgVersion.fromServerVersionNum(rs.getInt(1));
        }
    }

    private static Set<String> validatedNotNullChecks(Connection c) throws SQLException {
        Set<String> checks = new HashSet<>();
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT cl.relname, a.attname
                FROM pg_constraint co
                JOIN pg_class cl ON cl.oid = co.conrelid
                JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
                WHERE co.contype = 'c' AND co.convalidated AND array_length(co.conkey, 1) = 1
                  AND pg_get_constraintdef(co.oid) ~* ('^CHECK \\(\\(?"?' || a.attname || '"? IS NOT NULL\\)?\\)$')""")) {
            while (rs.next()) {
                checks.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return checks;
    }
}
