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
    private static final Pattern USING_INDEX = Pattern.compile("(?i)\\bUSING INDEX \\S+");

    static final LintRule NOT_VALID_FIRST = (s, step, findings) -> AlterTable.parse(s).ifPresent(alter -> {
        if (step.createdInStep(alter.table())) {
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

    static final LintRule UNIQUE_WITHOUT_INDEX = (s, step, findings) -> AlterTable.parse(s).ifPresent(alter -> {
        if (step.createdInStep(alter.table())) {
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

    private ConstraintRules() {
    }

    static List<LintRule> all() {
        return List.of(NOT_VALID_FIRST, UNIQUE_WITHOUT_INDEX);
    }
}
