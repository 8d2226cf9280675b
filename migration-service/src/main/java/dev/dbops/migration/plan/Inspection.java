package dev.dbops.migration.plan;

import dev.dbops.migration.lint.PgVersion;
import dev.dbops.migration.lint.TargetCatalog;
import dev.dbops.migration.project.Step;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * What Flyway and the catalog say about a target and its project right now.
 *
 * @param resolved every version the project has
 * @param applied versions applied and not undone, oldest first
 * @param drift one line per applied script that changed since it was applied (or vanished)
 * @param catalog what the lint needs to know of the target's tables
 */
public record Inspection(PgVersion pg, @Nullable MigrationVersion current, List<Step> pending,
        Set<MigrationVersion> resolved, List<Step> applied, List<DriftError> drift, TargetCatalog catalog) {

    public @Nullable String currentVersion() {
        return current == null ? null : current.getVersion();
    }

    /** @param code Flyway's error code, e.g. CHECKSUM_MISMATCH */
    public record DriftError(@Nullable String version, String script, String code, String message) {
    }
}
