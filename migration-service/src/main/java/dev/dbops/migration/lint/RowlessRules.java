package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.INFO;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why a statement on a table that is empty on the target is not dangerous: the lock rules leave it
 * alone, and the strong lock the scratch copy sees it take (on it, or on the table a foreign key refers to)
 * is held only for as long as checking no rows takes.
 */
final class RowlessRules {

    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?i)^CREATE (?:UNIQUE )?INDEX .*?\\bON (?:ONLY )?(" + AlterTable.NAME + ")");

    static final LintRule EMPTY_TABLE = (s, step, findings) -> {
        String table = AlterTable.parse(s, step).map(AlterTable::table).orElseGet(() -> {
            Matcher index = CREATE_INDEX.matcher(s.normalized());
            return index.find() ? step.table(index.group(1)) : null;
        });
        if (table != null && step.emptyOnTarget(table)) {
            findings.add(LintFinding.of("empty-table", INFO, s.line(), table + " has no rows on the target: "
                    + "nothing to scan or rewrite, so the statement's locks are held only for an instant",
                    "nothing to change while it is empty; lock_timeout bounds the wait for the lock"));
        }
    };

    private RowlessRules() {
    }

    static List<LintRule> all() {
        return List.of(EMPTY_TABLE);
    }
}
