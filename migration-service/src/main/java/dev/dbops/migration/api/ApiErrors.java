package dev.dbops.migration.api;

import dev.dbops.migration.plan.PlanRejectedException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A plan the project or the target's state refuses is the caller's problem (422), with the reason. */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(PlanRejectedException.class)
    ResponseEntity<Map<String, String>> rejected(PlanRejectedException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("cause", e.code(), "message",
                e.getMessage()));
    }
}
