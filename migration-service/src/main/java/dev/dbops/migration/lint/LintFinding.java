package dev.dbops.migration.lint;

import dev.dbops.common.event.Severity;

/**
 * What a rule found in one statement. {@link Severity#CRITICAL} is the lint "error" level: it blocks a
 * migration under the default policy.
 *
 * @param overridable false for findings no request override may waive (checksum drift, unparseable script)
 */
public record LintFinding(String ruleId, Severity severity, int line, String message, String safeAlternative,
        boolean overridable) {

    public static LintFinding of(String ruleId, Severity severity, int line, String message, String safeAlternative) {
        return new LintFinding(ruleId, severity, line, message, safeAlternative, true);
    }
}
