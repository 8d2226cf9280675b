package dev.dbops.migration.plan;

import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.common.event.MigrationPlanned.Finding;
import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.common.event.MigrationPlanned.PlannedStep;
import dev.dbops.migration.project.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answer to "what would this request do": the steps in order, what lint and the scratch copy found,
 * and whether a finding blocks it.
 *
 * @param kind {@code migrate} or {@code rollback}
 * @param locks the locks each step took on the scratch copy, by script
 */
public record Plan(String target, String kind, @Nullable String currentVersion, @Nullable String targetVersion,
        List<Step> steps, Map<String, List<ObservedLock>> locks, List<Finding> findings, boolean blocked,
        MigrationPlanned.@Nullable Rehearsal rehearsal) {

    public List<Finding> blockingFindings() {
        return findings.stream().filter(Finding::blocking).toList();
    }

    public MigrationPlanned toEvent(String requestId, boolean dryRun, Instant plannedAt) {
        List<PlannedStep> planned = steps.stream().map(s -> new PlannedStep(s.version() == null ? "" : s.version(),
                s.description(), s.kind(), s.checksum(), s.transactional(), locks.getOrDefault(s.script(), List.of())))
                .toList();
        return new MigrationPlanned(requestId, target, currentVersion, targetVersion, planned, findings, blocked,
                dryRun, plannedAt, rehearsal);
    }
}
