package dev.dbops.migration.saga;

import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.MigrationCompleted;
import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.event.MigrationFailed;
import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.common.event.MigrationPlanned.PlannedStep;
import dev.dbops.common.event.MigrationRolledBack;
import dev.dbops.common.event.MigrationStarted;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.TargetPolicies;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.execute.StepExecutor;
import dev.dbops.migration.execute.StepFailedException;
import dev.dbops.migration.intake.MigrationRequest;
import dev.dbops.migration.intake.RequestStatus;
import dev.dbops.migration.plan.Inspection;
import dev.dbops.migration.plan.Planner;
import dev.dbops.migration.plan.Step;
import dev.dbops.migration.plan.TargetInspector;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.undo.Undoer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a planned, backed-up request on the target, step by step, recording each applied step so that a
 * restarted instance resumes where a crashed one stopped (Flyway's history says what is applied).
 */
@Component
class RunStage {

    private static final Logger log = LoggerFactory.getLogger(RunStage.class);

    private final TargetRegistry targets;
    private final Planner planner;
    private final TargetInspector inspector;
    private final StepExecutor executor;
    private final Undoer undoer;
    private final TargetPolicies policies;
    private final Transitions transitions;

    RunStage(TargetRegistry targets, Planner planner, TargetInspector inspector, StepExecutor executor, Undoer undoer,
            TargetPolicies policies, Transitions transitions) {
        this.targets = targets;
        this.planner = planner;
        this.inspector = inspector;
        this.executor = executor;
        this.undoer = undoer;
        this.policies = policies;
        this.transitions = transitions;
    }

    void start(MigrationRequest request) {
        MigrationPlanned plan = EventCodecs.plan(request);
        List<String> versions = plan.steps().stream().map(PlannedStep::version).filter(v -> !v.isEmpty())
                .toList();
        transitions.apply(request.requestId(), r -> r.moveTo(RequestStatus.RUNNING, "running", transitions.now()),
                List.of(new MigrationStarted(request.requestId(), request.target(), request.backupId(),
                        request.fromVersion(), plan.targetVersion(), versions, transitions.now())));
    }

    void run(MigrationRequest request) throws Exception {
        Target target = targets.require(request.target());
        MigrationProject project = planner.project(request.target());
        TargetPolicy policy = policies.of(request.target());
        MigrationPlanned plan = EventCodecs.plan(request);
        String app = "dbops-migration:" + request.requestId();
        if (MigrationRequest.ROLLBACK.equals(request.kind())) {
            rollback(request, target, project, policy, app);
            return;
        }
        Inspection now = inspector.inspect(target, project, plan.targetVersion());
        List<String> planned = plan.steps().stream().map(PlannedStep::version).toList();
        List<Step> remaining = now.pending();
        List<String> unplanned = remaining.stream().map(Step::version).filter(Objects::nonNull)
                .filter(v -> !planned.contains(v)).toList();
        List<AppliedStep> applied = JsonValues.applied(request.applied());
        if (!unplanned.isEmpty()) {
            fail(request, "plan-stale", null, null, "target " + request.target() + ": " + unplanned
                    + " became pending after the plan was made; request again", applied, target, project, policy, app);
            return;
        }
        List<Step> versioned = remaining.stream().filter(s -> s.version() != null).toList();
        String finalVersion = plan.targetVersion() != null ? plan.targetVersion()
                : versioned.isEmpty() ? now.currentVersion() : versioned.get(versioned.size() - 1).version();
        for (int i = 0; i < versioned.size(); i++) {
            Step step = versioned.get(i);
            try {
                applied.add(executor.apply(target, project, policy, step, i == versioned.size() - 1, finalVersion, app));
            } catch (StepFailedException e) {
                fail(request, e.code(), step.version(), e.sqlState(), "target " + request.target() + ": " + e.getMessage(),
                        applied, target, project, policy, app);
                return;
            }
            String json = JsonValues.write(applied);
            transitions.apply(request.requestId(), r -> r.applied(json, transitions.now()), List.of());
        }
        long total = applied.stream().mapToLong(AppliedStep::durationMs).sum();
        String current = inspector.inspect(target, project, null).currentVersion();
        transitions.apply(request.requestId(), r -> r.moveTo(RequestStatus.COMPLETED, "at version " + current,
                transitions.now()), List.of(new MigrationCompleted(request.requestId(), request.target(), applied,
                        current, total, transitions.now())));
    }

    private void rollback(MigrationRequest request, Target target, MigrationProject project, TargetPolicy policy,
            String app) throws Exception {
        var plan = planner.planRollback(request.target(), request.targetVersion());
        List<String> undone = new ArrayList<>();
        long started = System.nanoTime();
        for (Step undo : plan.steps()) {
            try {
                undoer.undo(target, project, policy, undo, app);
                undone.add(undo.version());
            } catch (StepFailedException e) {
                String current = inspector.inspect(target, project, null).currentVersion();
                String message = "target " + request.target() + ": " + e.getMessage();
                transitions.apply(request.requestId(), r -> r.fail(e.code(), message, transitions.now()),
                        List.of(new MigrationFailed(request.requestId(), request.target(), e.code(), undo.version(),
                                e.sqlState(), message, "at version " + current + " after undoing " + undone,
                                List.of(), transitions.now())));
                return;
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        String from = request.fromVersion() != null ? request.fromVersion() : String.valueOf(plan.currentVersion());
        transitions.apply(request.requestId(), r -> r.moveTo(RequestStatus.ROLLED_BACK, "undid " + undone,
                transitions.now()), List.of(new MigrationRolledBack(request.requestId(), request.target(), from,
                        request.targetVersion(), undone, false, ms, transitions.now())));
    }

    /** Fails the request, first undoing what it applied when every such step has an undo script. */
    private void fail(MigrationRequest request, String cause, String failedVersion, String sqlState, String message,
            List<AppliedStep> applied, Target target, MigrationProject project, TargetPolicy policy, String app)
            throws Exception {
        List<DbopsEvent> events = new ArrayList<>();
        List<String> appliedVersions = applied.stream().map(AppliedStep::version).toList();
        String state;
        boolean undoable = !applied.isEmpty() && applied.stream()
                .allMatch(s -> project.undoOf(org.flywaydb.core.api.MigrationVersion.fromVersion(s.version())).isPresent());
        if (policy.autoUndo() && undoable) {
            List<String> undone = new ArrayList<>();
            long started = System.nanoTime();
            String undoProblem = null;
            for (int i = applied.size() - 1; i >= 0; i--) {
                var script = project.undoOf(org.flywaydb.core.api.MigrationVersion.fromVersion(applied.get(i).version()))
                        .orElseThrow();
                try {
                    undoer.undo(target, project, policy, new Step(script.version(), script.description(),
                            script.script(), "undo", null, true, script.sql()), app);
                    undone.add(script.version());
                } catch (StepFailedException e) {
                    undoProblem = e.getMessage();
                    break;
                }
            }
            String current = inspector.inspect(target, project, null).currentVersion();
            state = undoProblem == null ? "back at version " + current + ": the " + undone.size() + " step(s) this "
                    + "request applied were undone" : "at version " + current + ": automatic undo stopped: " + undoProblem;
            if (!undone.isEmpty()) {
                events.add(new MigrationRolledBack(request.requestId(), request.target(),
                        appliedVersions.get(appliedVersions.size() - 1), String.valueOf(current), undone, true,
                        (System.nanoTime() - started) / 1_000_000, transitions.now()));
            }
        } else {
            String current = inspector.inspect(target, project, null).currentVersion();
            state = "at version " + current + (failedVersion == null ? "" : "; the failed step " + failedVersion
                    + " left nothing behind (rolled back, or its failed attempt cleared)")
                    + (applied.isEmpty() ? "" : "; applied by this request: " + appliedVersions);
        }
        log.warn("Migration request {} failed: {} ({})", request.requestId(), message, state);
        events.add(new MigrationFailed(request.requestId(), request.target(), cause, failedVersion, sqlState, message,
                state, appliedVersions, transitions.now()));
        transitions.apply(request.requestId(), r -> r.fail(cause, message, transitions.now()), events);
    }
}
