package dev.dbops.migration.api;

import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.execute.LockSafeRunner;
import dev.dbops.migration.plan.PlanRejectedException;
import org.flywaydb.core.api.FlywayException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A plan the project or the target's state refuses is the caller's problem (422), with the reason in
 * Flyway's own words and a {@code cause} code a script can branch on; a target that cannot be reached is 503.
 * The errors every service shares are common's {@code ApiProblems}, consulted after this.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    private final TargetRegistry targets;

    ApiErrors(TargetRegistry targets) {
        this.targets = targets;
    }

    @ExceptionHandler(PlanRejectedException.class)
    ProblemDetail rejected(PlanRejectedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.code(), e.getMessage());
    }

    @ExceptionHandler(FlywayException.class)
    ProblemDetail flyway(FlywayException e) {
        String message = targets.redact(String.valueOf(e.getMessage()));
        if (LockSafeRunner.sqlCause(e) != null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "target-unavailable",
                    "the target cannot be read now: " + message);
        }
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "project-invalid",
                "Flyway refuses the migration project: " + message);
    }

    private static ProblemDetail problem(HttpStatus status, String cause, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("cause", cause);
        return problem;
    }
}
