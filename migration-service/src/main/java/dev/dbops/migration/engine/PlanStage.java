package dev.dbops.migration.engine;

import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.event.DbopsEvent;
import dev.dbops.common.event.MigrationCompleted;
import dev.dbops.common.event.MigrationFailed;
import dev.dbops.common.event.MigrationPlanned;
import dev.dbops.common.event.MigrationRolledBack;
import dev.dbops.migration.config.TargetPolicies;
import dev.dbops.migration.config.TargetPolicy;
import dev.dbops.migration.plan.Plan;
import dev.dbops.migration.plan.Planner;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.RequestKind;
import dev.dbops.migration.store.RequestStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A received request: plan it, publish the plan, then end it (dry run, blocked, nothing to do), ask for
 * the backup first, or make it ready to run.
 */
@Component
class PlanStage {

    private final Planner planner;
    private final TargetPolicies policies;
    private final Transitions transitions;

    PlanStage(Planner planner, TargetPolicies policies, Transitions transitions) {
        this.planner = planner;
        this.policies = policies;
        this.transitions = transitions;
    }

    void plan(MigrationRequest request) throws Exception {
        boolean rollback = request.kind() == RequestKind.ROLLBACK;
        Plan plan = rollback ? planner.planRollback(request.target(), request.targetVersion())
                : planner.planMigration(request.target(), request.targetVersion(), request.overrideFindings());
        MigrationPlanned planned = plan.toEvent(request.requestId(), request.dryRun(), transitions.now());
        String stored = JsonValues.write(planned);
        TargetPolicy policy = policies.of(request.target());
        List<DbopsEvent> events = new ArrayList<>(List.of(planned));
        String id = request.requestId();
        if (request.dryRun()) {
            transitions.apply(id, r -> {
                r.planned(stored, plan.currentVersion());
                r.moveTo(RequestStatus.PLANNED, "dry run: " + plan.steps().size() + " step(s) planned"
                        + (plan.blocked() ? ", blocked by findings" : ""), transitions.now());
            }, events);
        } else if (plan.blocked()) {
            String message = "target " + request.target() + ": blocked by lint findings "
                    + plan.blockingFindings().stream().map(f -> f.ruleId() + " in " + f.script() + " line " + f.line())
                            .collect(Collectors.joining(", "))
                    + (request.overrideFindings() ? " (not overridable)" : "; fix the scripts or request with "
                            + "overrideFindings");
            events.add(new MigrationFailed(id, request.target(), "lint-blocked", null, null, message,
                    untouched(plan), List.of(), transitions.now()));
            transitions.apply(id, r -> {
                r.planned(stored, plan.currentVersion());
                r.fail("lint-blocked", message, transitions.now());
            }, events);
        } else if (plan.steps().isEmpty()) {
            events.add(rollback
                    ? new MigrationRolledBack(id, request.target(), String.valueOf(plan.currentVersion()),
                            request.targetVersion(), List.of(), false, 0, transitions.now())
                    : new MigrationCompleted(id, request.target(), List.of(), plan.currentVersion(), 0,
                            transitions.now()));
            transitions.apply(id, r -> {
                r.planned(stored, plan.currentVersion());
                r.moveTo(rollback ? RequestStatus.ROLLED_BACK : RequestStatus.COMPLETED,
                        "nothing to do: the target is at version " + plan.currentVersion(), transitions.now());
            }, events);
        } else if (request.backupFirst() != null ? request.backupFirst() : policy.backupFirst()) {
            String backupRequestId = UUID.nameUUIDFromBytes(("pre-migration:" + id).getBytes(StandardCharsets.UTF_8))
                    .toString();
            events.add(new BackupRequested(backupRequestId, request.target(), BackupReason.PRE_MIGRATION,
                    "migration-service for " + request.requestedBy()));
            transitions.apply(id, r -> {
                r.planned(stored, plan.currentVersion());
                r.awaitBackup(backupRequestId, transitions.now().plus(policy.backupTimeout()), transitions.now());
            }, events);
        } else {
            transitions.apply(id, r -> {
                r.planned(stored, plan.currentVersion());
                r.moveTo(RequestStatus.READY, "planned " + plan.steps().size() + " step(s), no backup first",
                        transitions.now());
            }, events);
        }
    }

    static String untouched(Plan plan) {
        return "untouched, at version " + (plan.currentVersion() == null ? "none (empty history)" : plan.currentVersion());
    }
}
