package dev.dbops.migration.engine;

import dev.dbops.common.cloudevents.RejectedEventException;
import dev.dbops.common.event.MigrationFailed;
import dev.dbops.migration.plan.PlanRejectedException;
import dev.dbops.migration.store.MigrationRequest;
import dev.dbops.migration.store.MigrationRequests;
import dev.dbops.migration.store.BackupOutcome;
import dev.dbops.migration.store.RequestStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves a target's head request on: plan, backup first, run. Returns false while it waits (for a backup,
 * or for an unreachable target), so the worker comes back later; the next request waits its turn.
 */
@Component
class MigrationSaga {

    private static final Logger log = LoggerFactory.getLogger(MigrationSaga.class);

    private final MigrationRequests requests;
    private final PlanStage planStage;
    private final RunStage runStage;
    private final Transitions transitions;

    MigrationSaga(MigrationRequests requests, PlanStage planStage, RunStage runStage, Transitions transitions) {
        this.requests = requests;
        this.planStage = planStage;
        this.runStage = runStage;
        this.transitions = transitions;
    }

    /** Advances the target's head request by one stage; false when nothing could move. */
    boolean advance(String target) {
        MigrationRequest head = requests.headOf(target).orElse(null);
        if (head == null) {
            return false;
        }
        try {
            switch (head.status()) {
                case RECEIVED -> planStage.plan(head);
                case AWAITING_BACKUP -> {
                    return backupAnswered(head);
                }
                case READY -> {
                    runStage.start(head);
                    runStage.run(requests.findById(head.requestId()).orElseThrow());
                }
                case RUNNING -> runStage.run(head);
                default -> {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            return stopping(head, target);
        } catch (PlanRejectedException e) {
            failUntouched(head, e.code(), e.getMessage());
            return true;
        } catch (RejectedEventException e) {
            failUntouched(head, "unknown-target", e.getMessage());
            return true;
        } catch (org.flywaydb.core.api.FlywayException e) {
            if (Thread.currentThread().isInterrupted()) {
                return stopping(head, target); // e.g. Flyway could not read a script: the read was interrupted
            }
            if (dev.dbops.migration.execute.LockSafeRunner.sqlCause(e) != null) {
                return waitToRetry(head, target, e);
            }
            failUntouched(head, "project-invalid", "target " + target + ": Flyway refuses the migration project: "
                    + e.getMessage());
            return true;
        } catch (Exception e) {
            return Thread.currentThread().isInterrupted() ? stopping(head, target) : waitToRetry(head, target, e);
        }
    }

    /** The service is stopping: the request stays as it is (RUNNING), and the next start resumes it. */
    private boolean stopping(MigrationRequest head, String target) {
        log.info("Request {} for target {} stops here and resumes with the next start", head.requestId(), target);
        Thread.currentThread().interrupt();
        return false;
    }

    private boolean waitToRetry(MigrationRequest head, String target, Exception e) {
        log.warn("Request {} for target {} waits: {}", head.requestId(), target, e.toString());
        transitions.apply(head.requestId(), r -> r.note("waiting to retry: " + e.getMessage(), transitions.now()),
                List.of());
        return false;
    }

    private boolean backupAnswered(MigrationRequest request) {
        if (request.backupOutcome() == BackupOutcome.COMPLETED) {
            transitions.apply(request.requestId(), r -> r.moveTo(RequestStatus.READY, "backup " + r.backupId()
                    + " taken", transitions.now()), List.of());
            return true;
        }
        if (request.backupOutcome() == BackupOutcome.FAILED) {
            failUntouched(request, "backup-failed", "target " + request.target() + ": the pre-migration " + request.detail());
            return true;
        }
        if (request.backupDeadline() != null && transitions.now().isAfter(request.backupDeadline())) {
            failUntouched(request, "backup-timeout", "target " + request.target() + ": no BackupCompleted for backup "
                    + request.backupRequestId() + " by " + request.backupDeadline());
            return true;
        }
        return false;
    }

    private void failUntouched(MigrationRequest request, String cause, String message) {
        String from = request.fromVersion();
        log.warn("Request {} for target {} failed ({}): {}", request.requestId(), request.target(), cause, message);
        transitions.apply(request.requestId(), r -> r.fail(cause, message, transitions.now()),
                List.of(new MigrationFailed(request.requestId(), request.target(), cause, null, null, message,
                        "untouched" + (from == null ? "" : ", at version " + from), List.of(), transitions.now())));
    }
}
