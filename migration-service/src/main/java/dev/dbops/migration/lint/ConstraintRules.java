package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;

import java.util.List;
import java.util.regex.Pattern;

/** Constraints that validate every row, or build a unique index, while holding a lock writers queue behind. */
final class ConstraintRules {

    private static final Pattern FOREIGN_KEY = Pattern.compile("(?i)^ADD (?:CONSTRAINT \\S+ )?FOREIGN KEY\\b");
    private static final Pattern CHECK = Pattern.compile("(?i)^ADD (?:CONSTRAINT \\S+ )?CHECK\\b");
    private static final Pattern NOT_VALID = Pattern.compile("(?i)\\bNOT VALID$");
    private static final Pattern UNIQUE = Pattern.compile("(?i)^ADD (?:CONSTRAINT \\S+ )?(UNIQUE|PRIMARY KEY)\\b");
    private static final Pattern VALIDATE = Pattern.compile("(?i)^VALIDATE CONSTRAINT (" + AlterTable.NAME + ")");
    private static final Pattern USING_INDEX = Pattern.compile("(?i)\\bUSING INDEX \\S+");

    static final LintRule NOT_VALID_FIRST = (s, step, findings) -> AlterTable.parse(s, step).ifPresent(alter -> {
        if (step.hasNoRows(alter.table())) {
            return;
        }
        for (String action : alter.actions()) {
            boolean fk = FOREIGN_KEY.matcher(action).find();
            if ((fk || CHECK.matcher(action).find()) && !NOT_VALID.matcher(action).find()) {
                findings.add(LintFinding.of("constraint-without-not-valid", CRITICAL, s.line(),
                        (fk ? "ADD FOREIGN KEY" : "ADD CHECK") + " without NOT VALID checks every row while holding a "
                                + (fk ? "SHARE ROW EXCLUSIVE lock on both tables" : "ACCESS EXCLUSIVE lock"),
                        "ADD ... NOT VALID, then VALIDATE CONSTRAINT in a later step (it only takes SHARE UPDATE "
                                + "EXCLUSIVE)"));
            }
        }
    });

    static final LintRule UNIQUE_WITHOUT_INDEX = (s, step, findings) -> AlterTable.parse(s, step).ifPresent(alter -> {
        if (step.hasNoRows(alter.table())) {
            return;
        }
        for (String action : alter.actions()) {
            var unique = UNIQUE.matcher(action);
            if (unique.find() && !USING_INDEX.matcher(action).find()) {
                findings.add(LintFinding.of("unique-without-index", CRITICAL, s.line(),
                        "ADD " + unique.group(1).toUpperCase() + " builds its unique index under an ACCESS EXCLUSIVE "
                                + "lock",
                        "CREATE UNIQUE INDEX CONCURRENTLY in its own step, then ADD CONSTRAINT ... "
                                + unique.group(1).toUpperCase() + " USING INDEX"));
            }
        }
    });

    /** VALIDATE right after ADD ... NOT VALID in one transaction keeps ADD's lock through the whole scan. */
    static final LintRule VALIDATE_IN_SAME_TRANSACTION = (s, step, findings) -> AlterTable.parse(s, step)
            .ifPresent(alter -> {
                for (String action : alter.actions()) {
                    var validate = VALIDATE.matcher(action);
                    if (validate.find() && step.transactional() && !step.hasNoRows(alter.table())
                            && step.addedNotValidInStep(alter.table(), Names.simple(validate.group(1)))) {
                        findings.add(LintFinding.of("validate-in-same-transaction", CRITICAL, s.line(),
                                "VALIDATE CONSTRAINT " + Names.simple(validate.group(1)) + " runs in the transaction "
                                        + "that added it NOT VALID, so the lock ADD took is held through the whole "
                                        + "validation scan",
                                "VALIDATE CONSTRAINT in a later step, after the step with ADD ... NOT VALID committed"));
                    }
                }
            });

    private ConstraintRules() {
    }

    static List<LintRule> all() {
        return List.of(NOT_VALID_FIRST, UNIQUE_WITHOUT_INDEX, VALIDATE_IN_SAME_TRANSACTION);
    }
}
