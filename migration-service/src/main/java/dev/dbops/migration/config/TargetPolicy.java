package dev.dbops.migration.config;

import dev.dbops.migration.config.MigrationSettings.PolicyOverrides;
import dev.dbops.migration.config.MigrationSettings.PolicySettings;
import dev.dbops.migration.config.MigrationSettings.Retries;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The effective policy of one target: the defaults with its overrides applied. */
public record TargetPolicy(boolean backupFirst, LintPolicy lintPolicy, Duration lockTimeout,
        Duration statementTimeout, Retries retries, boolean autoUndo, boolean lockProbe, boolean rehearsal,
        Duration backupTimeout, int maintenanceWorkers) {

    static TargetPolicy of(PolicySettings d, @Nullable PolicyOverrides o) {
        if (o == null) {
            return new TargetPolicy(d.backupFirst(), d.lintPolicy(), d.lockTimeout(), d.statementTimeout(),
                    d.retries(), d.autoUndo(), d.lockProbe(), d.rehearsal(), d.backupTimeout(), d.maintenanceWorkers());
        }
        return new TargetPolicy(or(o.backupFirst(), d.backupFirst()), or(o.lintPolicy(), d.lintPolicy()),
                or(o.lockTimeout(), d.lockTimeout()), or(o.statementTimeout(), d.statementTimeout()),
                or(o.retries(), d.retries()), or(o.autoUndo(), d.autoUndo()), or(o.lockProbe(), d.lockProbe()),
                or(o.rehearsal(), d.rehearsal()), or(o.backupTimeout(), d.backupTimeout()),
                or(o.maintenanceWorkers(), d.maintenanceWorkers()));
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }
}
