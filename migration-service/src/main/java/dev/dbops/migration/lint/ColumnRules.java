package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.INFO;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ADD COLUMN forms that rewrite or fail on a table with rows, and column changes that rewrite or scan it. */
final class ColumnRules {

    private static final Pattern ADD_COLUMN = Pattern.compile(
            "(?i)^ADD (?:COLUMN )?(?!CONSTRAINT |PRIMARY |UNIQUE |FOREIGN |CHECK |EXCLUDE )(?:IF NOT EXISTS )?(\\S+) (.*)$");
    private static final Pattern SERIAL = Pattern.compile("(?i)^(?:SMALL|BIG)?SERIAL\\d?\\b|\\bGENERATED (?:ALWAYS|BY DEFAULT) AS IDENTITY\\b");
    private static final Pattern STORED = Pattern.compile("(?i)\\bGENERATED ALWAYS AS \\(.*\\) STORED\\b");
    private static final Pattern DEFAULT = Pattern.compile("(?i)\\bDEFAULT\\b(.*)");
    private static final Pattern VOLATILE = Pattern.compile(
            "(?i)\\b(?:RANDOM|GEN_RANDOM_UUID|UUID_GENERATE_V[14]\\w*|CLOCK_TIMESTAMP|TIMEOFDAY|NEXTVAL|SETSEED|TXID_CURRENT)\\s*\\(");
    private static final Pattern NOT_NULL = Pattern.compile("(?i)\\bNOT NULL\\b");
    private static final Pattern SET_NOT_NULL = Pattern.compile("(?i)^ALTER (?:COLUMN )?(\\S+) SET NOT NULL\\b");
    private static final Pattern TYPE = Pattern.compile(
            "(?i)^ALTER (?:COLUMN )?(\\S+) (?:SET DATA )?TYPE (.+?)(?: COLLATE \\S+)?(?: USING .*)?$");

    static final LintRule ADD_COLUMN_REWRITE = (s, step, findings) -> AlterTable.parse(s, step).ifPresent(alter -> {
        if (step.hasNoRows(alter.table())) {
            return;
        }
        for (String action : alter.actions()) {
            Matcher add = ADD_COLUMN.matcher(action);
            if (!add.find()) {
                continue;
            }
            String definition = add.group(2);
            Matcher def = DEFAULT.matcher(definition);
            String why = null;
            if (SERIAL.matcher(definition).find()) {
                why = "a serial or identity column fills every existing row from a sequence";
            } else if (STORED.matcher(definition).find()) {
                why = "a stored generated column computes and writes a value for every existing row";
            } else if (def.find() && VOLATILE.matcher(def.group(1)).find()) {
                why = "a volatile DEFAULT is evaluated for every existing row";
            } else if (def.find(0) && !step.version().atLeast(11)) {
                why = "before PostgreSQL 11 any DEFAULT on a new column is written into every existing row";
            }
            if (why != null) {
                findings.add(LintFinding.of("add-column-rewrite", CRITICAL, s.line(),
                        "ADD COLUMN " + add.group(1) + " rewrites the whole table under an ACCESS EXCLUSIVE lock: " + why,
                        "add the column nullable without the default, set the default, backfill in batches in "
                                + "later steps"));
            }
        }
    });

    static final LintRule ADD_COLUMN_NOT_NULL = (s, step, findings) -> AlterTable.parse(s, step).ifPresent(alter -> {
        if (step.hasNoRows(alter.table())) {
            return;
        }
        for (String action : alter.actions()) {
            Matcher add = ADD_COLUMN.matcher(action);
            if (add.find() && NOT_NULL.matcher(add.group(2)).find() && !DEFAULT.matcher(add.group(2)).find()) {
                findings.add(LintFinding.of("add-column-not-null-without-default", CRITICAL, s.line(),
                        "ADD COLUMN " + add.group(1) + " NOT NULL without a DEFAULT fails on a table that has rows",
                        "add it with a constant DEFAULT (instant since PostgreSQL 11), or nullable, backfill, "
                                + "then SET NOT NULL through a validated CHECK"));
            }
        }
    });

    static final LintRule SET_NOT_NULL_WITHOUT_CHECK = (s, step, findings) -> AlterTable.parse(s, step).ifPresent(alter -> {
        for (String action : alter.actions()) {
            Matcher m = SET_NOT_NULL.matcher(action);
            if (m.find() && !step.hasNoRows(alter.table())) {
                String column = Names.simple(m.group(1));
                if (!step.version().atLeast(12) || !step.hasValidatedNotNullCheck(alter.table(), column)) {
                    findings.add(LintFinding.of("set-not-null-without-check", CRITICAL, s.line(),
                            "SET NOT NULL on " + column + " scans the whole table under an ACCESS EXCLUSIVE lock",
                            step.version().atLeast(12)
                                    ? "ADD CONSTRAINT c CHECK (" + column + " IS NOT NULL) NOT VALID; VALIDATE "
                                            + "CONSTRAINT c in a later step; then SET NOT NULL (no scan) and drop c"
                                    : "keep a validated CHECK (" + column + " IS NOT NULL) instead: before "
                                            + "PostgreSQL 12 SET NOT NULL always scans"));
                }
            }
        }
    });

    static final LintRule ALTER_COLUMN_TYPE = (s, step, findings) -> AlterTable.parse(s, step).ifPresent(alter -> {
        for (String action : alter.actions()) {
            Matcher m = TYPE.matcher(action);
            if (!m.find() || step.hasNoRows(alter.table())) {
                continue;
            }
            String column = Names.simple(m.group(1));
            ColumnTypes.Change change = step.columnType(alter.table(), column)
                    .map(from -> ColumnTypes.change(from, m.group(2))).orElse(ColumnTypes.Change.OTHER);
            if (change == ColumnTypes.Change.NO_REWRITE) {
                findings.add(LintFinding.of("alter-column-type", INFO, s.line(), "ALTER COLUMN " + column + " TYPE "
                        + m.group(2) + " is binary-coercible from " + step.columnType(alter.table(), column).orElseThrow()
                        + ": PostgreSQL changes only the catalog, under an ACCESS EXCLUSIVE lock held for an instant",
                        "nothing to change; lock_timeout bounds the wait for the lock"));
                continue;
            }
            findings.add(LintFinding.of("alter-column-type", CRITICAL, s.line(),
                    "ALTER COLUMN " + column + " TYPE rewrites the table and its indexes under an ACCESS "
                            + "EXCLUSIVE lock (unless the change is binary-coercible, e.g. varchar(n) to text)",
                    "add a new column of the new type, backfill it in batches, switch readers, then drop the old"));
            if (change == ColumnTypes.Change.NARROWING) {
                findings.add(Breaking.finding("type-narrowing", step, s.line(), "narrowing " + column + " from "
                        + step.columnType(alter.table(), column).orElseThrow() + " to " + m.group(2)
                        + " rejects values the running application may still write",
                        "expand and contract: a new column of the narrower type, kept in sync, clients moved over; "
                                + "mark the step that drops the old column -- dbops:phase=contract"));
            }
        }
    });

    private ColumnRules() {
    }

    static List<LintRule> all() {
        return List.of(ADD_COLUMN_REWRITE, ADD_COLUMN_NOT_NULL, SET_NOT_NULL_WITHOUT_CHECK, ALTER_COLUMN_TYPE);
    }
}
