package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.WARNING;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What goes wrong because of what else shares the step's transaction. */
final class TransactionRules {

    private static final Pattern ADD_VALUE = Pattern.compile("(?i)^ALTER TYPE \\S+ ADD VALUE\\b");
    private static final Pattern WHOLE_TABLE_DML = Pattern.compile("(?i)^(?:UPDATE (?:ONLY )?|DELETE FROM (?:ONLY )?)"
            + "(" + AlterTable.NAME + ")(?!.*\\bWHERE\\b)");
    private static final Pattern DDL = Pattern.compile("(?i)^(?:CREATE|ALTER|DROP|COMMENT ON|GRANT|REVOKE)\\b");

    static final LintRule ENUM_ADD_VALUE = (s, step, findings) -> {
        if (!ADD_VALUE.matcher(s.normalized()).find()) {
            return;
        }
        if (!step.version().atLeast(12)) {
            findings.add(LintFinding.of("enum-add-value", CRITICAL, s.line(),
                    "before PostgreSQL 12 ALTER TYPE ... ADD VALUE cannot run inside a transaction block",
                    "put it alone in a non-transactional step"));
        } else if (step.statements().size() > 1) {
            findings.add(LintFinding.of("enum-add-value", WARNING, s.line(),
                    "a value added by ALTER TYPE ... ADD VALUE cannot be used until the transaction that added it "
                            + "commits, so later statements of this step cannot use it",
                    "add the value in a step of its own, before the steps that use it"));
        }
    };

    static final LintRule BACKFILL_WITH_DDL = (s, step, findings) -> {
        Matcher dml = WHOLE_TABLE_DML.matcher(s.normalized());
        // a table with no rows (created by this request and not filled) is written in no time
        if (dml.find() && !step.hasNoRows(step.table(dml.group(1))) && step.transactional()
                && step.statements().stream().anyMatch(o -> DDL.matcher(o.normalized()).find())) {
            findings.add(LintFinding.of("backfill-with-ddl", CRITICAL, s.line(),
                    "a whole-table " + s.normalized().split(" ")[0].toUpperCase() + " in the same transaction as DDL "
                            + "keeps the DDL's locks until every row is written",
                    "commit the DDL in its own step, then backfill in batches (WHERE id BETWEEN ...) in later steps"));
        }
    };

    private TransactionRules() {
    }

    static List<LintRule> all() {
        return List.of(ENUM_ADD_VALUE, BACKFILL_WITH_DDL);
    }
}
