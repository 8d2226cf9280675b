package dev.dbops.migration.engine;

import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.MigrationCompleted.AppliedStep;
import dev.dbops.common.event.MigrationCompleted;
import dev.dbops.common.event.MigrationFailed;
import dev.dbops.common.event.MigrationPlanned.PlannedStep;
import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.common.event.MigrationRolledBack;
import dev.dbops.common.event.MigrationStarted;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.TargetPolicies;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.execute.RequestMigrator;
import dev.dbops.migration.execute.StepFailedException;
import dev.dbops.migration.plan.Inspection;
import dev.dbops.migration.plan.Planner;
import dev.dbops.migration.plan.TargetInspector;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.project.Step;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.RequestKind;
import dev.dbops.migration.store.RequestStatus;
import dev.dbops.migration.undo.Undoer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a planned, backed-up request on the target as one Flyway migrate, each script lock-safe. A restarted
 * instance resumes where a crashed or stopped one left off: Flyway's history says what is applied, and so
 * what the request applied and where the target is when it fails.
 */
@Component
class RunStage {

    private static final Logger log = LoggerFactory.getLogger(RunStage.class);

    private final TargetRegistry targets;
    private final Planner planner;
    private final TargetInspector inspector;
    private final RequestMigrator migrator;
    private final Undoer undoer;
    private final TargetPolicies policies;
    private final Transitions transitions;

    RunStage(TargetRegistry targets, Planner planner, TargetInspector inspector, RequestMigrator migrator, Undoer undoer,
            TargetPolicies policies, Transitions transitions) {
        this.targets = targets;
        this.planner = planner;
        this.inspector = inspector;
        this.migrator = migrator;
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
        if (request.kind() == RequestKind.ROLLBACK) {
            rollback(request, target, project, policy, app);
            return;
        }
        Inspection now = inspector.inspect(target, project, plan.targetVersion());
        List<String> planned = plan.steps().stream().map(PlannedStep::version).toList();
        List<String> unplanned = now.pending().stream().map(Step::version).filter(Objects::nonNull)
                .filter(v -> !planned.contains(v)).toList();
        List<AppliedStep> earlier = JsonValues.applied(request.applied());
        if (!unplanned.isEmpty()) {
            fail(request, new RequestMigrator.Failed("plan-stale", null, null, null, unplanned
                    + " became pending after the plan was made; request again"), earlier, target, project, policy, app);
            return;
        }
        // one Flyway migrate for the whole request: Flyway's order, repeatables, callbacks; each script lock-safe
        RequestMigrator.Run run = migrator.migrate(target, project, policy, plan.targetVersion(), now.pending(), app);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the service is stopping after the request's run");
        }
        Inspection after = inspector.inspect(target, project, null);
        List<AppliedStep> applied = appliedByRequest(after, planned, earlier, run.applied());
        String json = JsonValues.write(applied);
        transitions.apply(request.requestId(), r -> r.applied(json, transitions.now()), List.of());
        if (run.failed() != null) {
            fail(request, run.failed(), applied, target, project, policy, app);
            return;
        }
        long total = applied.stream().mapToLong(AppliedStep::durationMs).sum();
        String current = after.currentVersion();
        transitions.apply(request.requestId(), r -> r.moveTo(RequestStatus.COMPLETED, "at version " + current,
                transitions.now()), List.of(new MigrationCompleted(request.requestId(), request.target(), applied,
                        current, total, transitions.now())));
    }

    /**
     * The planned versions the target's history holds as applied, in the history's order: what this request
     * applied, also across a restart (timings from the run that applied each, or Flyway's own record).
     */
    private static List<AppliedStep> appliedByRequest(Inspection after, List<String> planned, List<AppliedStep> earlier,
            List<AppliedStep> now) {
        List<AppliedStep> applied = new ArrayList<>();
        for (Step step : after.applied()) {
            if (!planned.contains(step.version())) {
                continue;
            }
            applied.add(Stream.concat(now.stream(), earlier.stream()).filter(s -> s.version().equals(step.version()))
                    .findFirst().orElse(new AppliedStep(step.version(), step.description(), 0, 0)));
        }
        return applied;
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
    private void fail(MigrationRequest request, RequestMigrator.Failed failed, List<AppliedStep> applied, Target target,
            MigrationProject project, TargetPolicy policy, String app) throws Exception {
        String message = "target " + request.target() + ": " + failed.message();
        List<DbopsEvent> events = new ArrayList<>();
        List<String> appliedVersions = applied.stream().map(AppliedStep::version).toList();
        String state;
        boolean undoable = !applied.isEmpty() && applied.stream()
                .allMatch(s -> project.undoOf(MigrationVersion.fromVersion(s.version())).isPresent());
        if (policy.autoUndo() && undoable) {
            List<String> undone = new ArrayList<>();
            long started = System.nanoTime();
            String undoProblem = null;
            for (int i = applied.size() - 1; i >= 0; i--) {
                var script = project.undoOf(MigrationVersion.fromVersion(applied.get(i).version())).orElseThrow();
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
            state = "at version " + current + leftBehind(target, project, failed)
                    + (applied.isEmpty() ? "" : "; applied by this request: " + appliedVersions);
        }
        log.warn("Migration request {} failed: {} ({})", request.requestId(), message, state);
        events.add(new MigrationFailed(request.requestId(), request.target(), failed.code(), failed.version(),
                failed.sqlState(), message, state, appliedVersions, transitions.now()));
        transitions.apply(request.requestId(), r -> r.fail(failed.code(), message, transitions.now()), events);
    }

    /** What the failed script left on the target, as its history says. */
    private String leftBehind(Target target, MigrationProject project, RequestMigrator.Failed failed)
            throws java.sql.SQLException {
        if (failed.version() != null) {
            return migrator.leftFailedRow(target, project, failed.version())
                    ? "; the failed step " + failed.version() + " ran outside a transaction: what it did before failing "
                            + "stays, and Flyway's history holds it as failed"
                    : "; the failed step " + failed.version() + " was rolled back";
        }
        return failed.script() == null ? "" : "; " + failed.script() + " failed";
    }
}
