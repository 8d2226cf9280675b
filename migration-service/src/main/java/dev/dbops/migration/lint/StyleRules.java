package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.INFO;

import java.util.List;
import java.util.regex.Pattern;

/** Habits that make a step safe to run again after a partial failure. */
final class StyleRules {

    private static final Pattern CREATE = Pattern.compile(
            "(?i)^CREATE (?:UNIQUE )?(?:TABLE|INDEX(?: CONCURRENTLY)?|SEQUENCE|SCHEMA|EXTENSION) (?!IF NOT EXISTS)");
    private static final Pattern DROP = Pattern.compile(
            "(?i)^DROP (?:TABLE|INDEX(?: CONCURRENTLY)?|SEQUENCE|SCHEMA|EXTENSION|VIEW|TYPE|FUNCTION) (?!IF EXISTS)");
    private static final Pattern ADD_COLUMN = Pattern.compile(
            "(?i)^ADD COLUMN (?!IF NOT EXISTS)");

    static final LintRule PREFER_IF_EXISTS = (s, step, findings) -> {
        String n = s.normalized();
        boolean create = CREATE.matcher(n).find();
        boolean drop = DROP.matcher(n).find();
        boolean addColumn = AlterTable.parse(s, step).map(a -> a.actions().stream()
                .anyMatch(action -> ADD_COLUMN.matcher(action).find())).orElse(false);
        if (create || drop || addColumn) {
            findings.add(LintFinding.of("prefer-if-exists", INFO, s.line(),
                    "without " + (drop ? "IF EXISTS" : "IF NOT EXISTS") + " the statement fails when run again after "
                            + "a partial failure (a non-transactional step is not rolled back)",
                    drop ? "DROP ... IF EXISTS" : "CREATE ... IF NOT EXISTS / ADD COLUMN IF NOT EXISTS"));
        }
    };

    private StyleRules() {
    }

    static List<LintRule> all() {
        return List.of(PREFER_IF_EXISTS);
    }
}
