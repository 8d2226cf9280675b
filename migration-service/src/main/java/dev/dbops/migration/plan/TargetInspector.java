package dev.dbops.migration.plan;

import dev.dbops.common.target.Target;
import dev.dbops.migration.lint.PgVersion;
import dev.dbops.migration.project.Baseline;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.HistoryTable;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.project.Placeholders;
import dev.dbops.migration.project.Step;
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

/**
 * Reads a target's state through Flyway: current version, pending steps (with their placeholders replaced,
 * without the versions a baseline on migrate skips), drift. Changes nothing.
 */
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
        Placeholders placeholders = Placeholders.of(flyway.getConfiguration().getDataSource(),
                flyway.getConfiguration());
        MigrationVersion baseline;
        try (Connection c = target.connect()) {
            baseline = Baseline.onMigrate(flyway, HistoryTable.of(flyway, c).exists(c));
        }
        List<Step> pending = new ArrayList<>();
        List<Step> applied = new ArrayList<>();
        Set<MigrationVersion> resolved = new HashSet<>();
        for (MigrationInfo info : all) {
            if (info.isVersioned() && info.getPhysicalLocation() != null && !info.getPhysicalLocation().isEmpty()) {
                resolved.add(info.getVersion());
            }
            boolean belowBaseline = baseline != null && info.isVersioned()
                    && info.getVersion().compareTo(baseline) <= 0;
            if (info.getState() == MigrationState.PENDING && !belowBaseline) {
                pending.add(step(info, placeholders));
            } else if (info.getState() == MigrationState.SUCCESS && info.isVersioned()) {
                applied.add(step(info, placeholders));
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
                    applied, drift, CatalogReader.read(c, defaultSchema(flyway)));
        }
    }

    /** The step with the text Flyway will execute: its placeholders replaced. */
    private static Step step(MigrationInfo info, Placeholders placeholders) {
        boolean transactional = !(info instanceof MigrationInfoImpl impl) || impl.getResolvedMigration() == null
                || impl.getResolvedMigration().getExecutor().canExecuteInTransaction();
        String sql = "";
        if (info.getPhysicalLocation() != null && !info.getPhysicalLocation().isEmpty()) {
            try {
                Path file = Path.of(info.getPhysicalLocation());
                sql = placeholders.replace(file.getFileName().toString(), Files.readString(file));
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

    /** The schema Flyway puts first on the migration's search_path: defaultSchema, else the first of schemas. */
    private static @Nullable String defaultSchema(Flyway flyway) {
        String configured = flyway.getConfiguration().getDefaultSchema();
        String[] schemas = flyway.getConfiguration().getSchemas();
        return configured != null ? configured : schemas.length > 0 ? schemas[0] : null;
    }
}
