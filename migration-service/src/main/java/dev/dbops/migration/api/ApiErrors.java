package dev.dbops.migration.api;

import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.execute.LockSafeRunner;
import dev.dbops.migration.plan.PlanRejectedException;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A plan the project or the target's state refuses is the caller's problem (422), with the reason in
 * Flyway's own words; a target that cannot be reached is 503; too many plans at once is 429.
 */
@RestControllerAdvice
class ApiErrors {

    private final TargetRegistry targets;

    ApiErrors(TargetRegistry targets) {
        this.targets = targets;
    }

    @ExceptionHandler(PlanRejectedException.class)
    ResponseEntity<Map<String, String>> rejected(PlanRejectedException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("cause", e.code(), "message",
                e.getMessage()));
    }

    @ExceptionHandler(FlywayException.class)
    ResponseEntity<Map<String, String>> flyway(FlywayException e) {
        String message = targets.redact(String.valueOf(e.getMessage()));
        if (LockSafeRunner.sqlCause(e) != null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("cause", "target-unavailable",
                    "message", "the target cannot be read now: " + message));
        }
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("cause", "project-invalid",
                "message", "Flyway refuses the migration project: " + message));
    }

    @ExceptionHandler(PlanSlots.Busy.class)
    ResponseEntity<Map<String, String>> busy(PlanSlots.Busy e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "5")
                .body(Map.of("cause", "too-many-plans", "message", e.getMessage()));
    }
}
