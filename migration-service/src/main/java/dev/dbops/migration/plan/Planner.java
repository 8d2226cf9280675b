package dev.dbops.migration.plan;

import dev.dbops.common.event.Evidence;
import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.common.event.MigrationPlanned.Finding;
import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.common.event.Severity;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.lint.LintFinding;
import dev.dbops.migration.lint.Linter;
import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.StepContext;
import dev.dbops.migration.lockprobe.LockFindings;
import dev.dbops.migration.lockprobe.ScratchAnalysis;
import dev.dbops.migration.lockprobe.StepRun;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.project.ProjectRegistry;
import dev.dbops.migration.project.Step;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Plans a request: which steps, what the static lint and the scratch copy find in them, and whether that
 * blocks it under the target's policy. Never changes the target.
 */
@Component
public class Planner {

    private final TargetRegistry targets;
    private final ProjectRegistry projects;
    private final TargetInspector inspector;
    private final ScratchAnalysis scratch;

    public Planner(TargetRegistry targets, ProjectRegistry projects, TargetInspector inspector,
            ScratchAnalysis scratch) {
        this.targets = targets;
        this.projects = projects;
        this.inspector = inspector;
        this.scratch = scratch;
    }

    public MigrationProject project(String target) {
        return projects.project(target).orElseThrow(() -> new PlanRejectedException("no-project",
                "target " + target + " has no migration project bound (dbops.migration.targets." + target + ".project)"));
    }

    /** Plans bringing {@code target} to {@code targetVersion} (the latest when null). */
    public Plan planMigration(String targetId, @Nullable String targetVersion, boolean override)
            throws SQLException, IOException {
        Target target = targets.require(targetId);
        MigrationProject project = project(targetId);
        TargetPolicy policy = projects.policy(targetId);
        Inspection state = inspector.inspect(target, project, null);
        List<Step> steps = state.pending();
        if (targetVersion != null) {
            MigrationVersion wanted = version(targetVersion);
            if (!state.resolved().contains(wanted)) {
                throw new PlanRejectedException("unknown-version", "target " + targetId + ": version " + targetVersion
                        + " is not in its migration project " + project.origin());
            }
            if (state.current() != null && wanted.compareTo(state.current()) < 0) {
                throw new PlanRejectedException("version-below-current", "target " + targetId + " is at version "
                        + state.currentVersion() + ", above the requested " + targetVersion
                        + "; send a RollbackRequested to go down");
            }
            steps = steps.stream().filter(s -> s.version() == null || version(s.version()).compareTo(wanted) <= 0)
                    .toList();
        }
        List<PlanFindingSource> raw = new ArrayList<>();
        for (Inspection.DriftError drift : state.drift()) {
            raw.add(new PlanFindingSource(drift.version(), drift.script(), new LintFinding(
                    "CHECKSUM_MISMATCH".equals(drift.code()) ? "checksum-drift" : "history-mismatch",
                    Severity.CRITICAL, 0, drift.message(), "restore the applied script as it was; put changes in a "
                            + "new version", false, Evidence.OBSERVED)));
        }
        Linter linter = new Linter(new StepContext(state.pg(), state.catalog()));
        Map<String, List<LintFinding>> lint = new LinkedHashMap<>();
        for (Step step : steps) {
            lint.put(step.script(), linter.lintStep(step.sql(), step.transactional()));
        }
        boolean parseable = lint.values().stream().flatMap(List::stream).noneMatch(f -> "unparseable".equals(f.ruleId()));
        Map<String, List<ObservedLock>> locks = new LinkedHashMap<>();
        MigrationPlanned.Rehearsal rehearsal = null;
        if (policy.lockProbe() && !steps.isEmpty() && parseable) {
            try {
                ScratchAnalysis.Result result = scratch.analyse(target, project, targetVersion, steps,
                        policy.rehearsal());
                for (Step step : steps) {
                    StepRun run = result.runs().get(step.script());
                    if (run != null) {
                        locks.put(step.script(), run.locks());
                        lint.put(step.script(), LockFindings.of(lint.get(step.script()), run,
                                SqlScript.split(step.sql())));
                    }
                }
                if (result.failure() != null) {
                    raw.add(new PlanFindingSource(null, "", LintFinding.observed("fails-on-scratch-copy",
                            Severity.CRITICAL, 0, "Flyway stopped on a schema-only copy of the target, so it will stop "
                                    + "there too: " + targets.redact(result.failure()), "fix the project")));
                }
                rehearsal = result.rehearsal();
            } catch (IOException | SQLException e) {
                // no scratch copy (no CREATEDB, no pg_dump ...): the plan says so instead of waiting forever
                raw.add(new PlanFindingSource(null, "", LintFinding.observed("lock-probe-unavailable",
                        Severity.WARNING, 0, "no scratch copy of the target could be made, so no locks were observed: "
                                + targets.redact(String.valueOf(e.getMessage())),
                        "grant the target's role CREATEDB and install pg_dump/psql, or set lock-probe: false")));
            }
        }
        for (Step step : steps) {
            lint.get(step.script()).forEach(f -> raw.add(new PlanFindingSource(step.version(), step.script(), f)));
        }
        String finalVersion = targetVersion != null ? targetVersion : steps.stream().map(Step::version)
                .filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElse(state.currentVersion());
        return plan(target.id(), "migrate", state, finalVersion, steps, locks, raw, policy, override, rehearsal);
    }

    /** Plans undoing every applied version above {@code toVersion}, newest first. */
    public Plan planRollback(String targetId, String toVersion) throws SQLException {
        Target target = targets.require(targetId);
        MigrationProject project = project(targetId);
        Inspection state = inspector.inspect(target, project, null);
        MigrationVersion to = version(toVersion);
        if (!MigrationVersion.fromVersion("0").equals(to) && !state.resolved().contains(to)) {
            throw new PlanRejectedException("unknown-version", "target " + targetId + ": version " + toVersion
                    + " is not in its migration project " + project.origin());
        }
        if (state.current() != null && to.compareTo(state.current()) > 0) {
            throw new PlanRejectedException("version-above-current", "target " + targetId + " is at version "
                    + state.currentVersion() + ", below " + toVersion + "; send a MigrationRequested to go up");
        }
        List<Step> steps = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = state.applied().size() - 1; i >= 0; i--) {
            Step applied = state.applied().get(i);
            if (version(applied.version()).compareTo(to) <= 0) {
                break;
            }
            Optional<MigrationProject.UndoScript> undo = project.undoOf(version(applied.version()));
            undo.ifPresentOrElse(u -> steps.add(new Step(u.version(), u.description(), u.script(), "undo", null, true,
                    u.sql())), () -> missing.add(applied.version()));
        }
        if (!missing.isEmpty()) {
            throw new PlanRejectedException("undo-missing", "target " + targetId + ": no undo script (U<version>__*.sql)"
                    + " for version(s) " + String.join(", ", missing) + " in " + project.origin());
        }
        List<PlanFindingSource> raw = new ArrayList<>();
        Linter linter = new Linter(new StepContext(state.pg(), state.catalog()));
        for (Step step : steps) {
            linter.lintStep(step.sql(), true).forEach(f -> raw.add(new PlanFindingSource(step.version(), step.script(), f)));
        }
        // An operator asked for this rollback: findings in undo scripts are reported, never blocking.
        return plan(target.id(), "rollback", state, toVersion, steps, Map.of(), raw, null, false, null);
    }

    private static Plan plan(String target, String kind, Inspection state, @Nullable String targetVersion,
            List<Step> steps, Map<String, List<ObservedLock>> locks, List<PlanFindingSource> raw,
            @Nullable TargetPolicy policy, boolean override, MigrationPlanned.@Nullable Rehearsal rehearsal) {
        List<Finding> findings = new ArrayList<>();
        boolean blocked = false;
        for (PlanFindingSource source : raw) {
            LintFinding f = source.finding();
            boolean blocking = !f.overridable() || (policy != null && policy.lintPolicy().blocks(f.severity()));
            blocked |= blocking && (!override || !f.overridable());
            findings.add(new Finding(f.ruleId(), f.severity(), source.version(), source.script(), f.line(),
                    f.message(), f.safeAlternative(), blocking, f.evidence()));
        }
        return new Plan(target, kind, state.currentVersion(), targetVersion, steps, locks, findings, blocked, rehearsal);
    }

    static MigrationVersion version(String version) {
        return MigrationVersion.fromVersion(version);
    }

    private record PlanFindingSource(@Nullable String version, String script, LintFinding finding) {
    }
}
