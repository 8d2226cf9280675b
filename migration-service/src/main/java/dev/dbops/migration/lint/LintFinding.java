package dev.dbops.migration.lint;

import dev.dbops.common.event.Evidence;
import dev.dbops.common.event.Severity;

/**
 * What a rule found in one statement. {@link Severity#CRITICAL} is the lint "error" level: it blocks a
 * migration under the default policy.
 *
 * @param overridable false for findings no request override may waive (checksum drift, unparseable script)
 * @param evidence what the finding rests on: the script's text, the scratch copy's observation, or both
 */
public record LintFinding(String ruleId, Severity severity, int line, String message, String safeAlternative,
        boolean overridable, Evidence evidence) {

    public static LintFinding of(String ruleId, Severity severity, int line, String message, String safeAlternative) {
        return new LintFinding(ruleId, severity, line, message, safeAlternative, true, Evidence.STATIC);
    }

    public static LintFinding observed(String ruleId, Severity severity, int line, String message,
            String safeAlternative) {
        return new LintFinding(ruleId, severity, line, message, safeAlternative, true, Evidence.OBSERVED);
    }

    /** This finding, confirmed or refined by what the scratch copy showed. */
    public LintFinding refined(Severity newSeverity, String observation) {
        return new LintFinding(ruleId, newSeverity, line, message + "; observed on the scratch copy: " + observation,
                safeAlternative, overridable, Evidence.BOTH);
    }
}
