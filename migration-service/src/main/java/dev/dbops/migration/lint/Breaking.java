package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.WARNING;

/**
 * Changes that break the application version running now. They block by default; in the contract phase
 * of an expand/contract change (a step whose script has the header comment {@code -- dbops:phase=contract})
 * the clients have already moved over, so they are only reported.
 */
final class Breaking {

    static final String CONTRACT_MARKER = "-- dbops:phase=contract";

    private Breaking() {
    }

    static LintFinding finding(String ruleId, StepContext step, int line, String message, String safeAlternative) {
        return step.contractPhase()
                ? LintFinding.of(ruleId, WARNING, line, message + " (the step is marked as the contract phase: "
                        + "clients no longer use it)", safeAlternative)
                : LintFinding.of(ruleId, CRITICAL, line, message, safeAlternative);
    }
}
