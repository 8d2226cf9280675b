package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Statements that break running clients, lose data, or lock a table for as long as they take. */
final class DestructiveRules {

    private static final Pattern RENAME = Pattern.compile(
            "(?i)^(?:ALTER TABLE .*\\bRENAME (?:COLUMN )?\\S+ TO |ALTER TABLE [^ ]+(?: [^ ]+)? RENAME TO )");
    private static final Pattern RENAME_TABLE = Pattern.compile("(?i)^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?\\S+ RENAME TO ");
    private static final Pattern DROP_COLUMN = Pattern.compile("(?i)^ALTER TABLE .*\\bDROP (?:COLUMN )?(?!CONSTRAINT\\b)(?!DEFAULT\\b)(?!NOT NULL\\b)(?!EXPRESSION\\b)(?!IDENTITY\\b)\\S+");
    private static final Pattern DROP_TABLE = Pattern.compile("(?i)^DROP (TABLE|DATABASE|SCHEMA)\\b");
    private static final Pattern TRUNCATE_CASCADE = Pattern.compile("(?i)^TRUNCATE\\b.*\\bCASCADE$");
    private static final Pattern VACUUM_FULL = Pattern.compile("(?i)^(?:VACUUM (?:\\([^)]*\\bFULL\\b[^)]*\\)|FULL\\b)|CLUSTER\\b)");

    static final LintRule RENAME_RULE = (s, step, findings) -> {
        if (RENAME.matcher(s.normalized()).find() && !createdInRequest(s, step)) {
            String what = RENAME_TABLE.matcher(s.normalized()).find() ? "a table" : "a column";
            findings.add(Breaking.finding("rename", step, s.line(),
                    "renaming " + what + " breaks every running client that still uses the old name",
                    "expand and contract: add the new name (a column kept in sync, or a view for a table), move "
                            + "clients over, drop the old name in a later step marked " + Breaking.CONTRACT_MARKER));
        }
    };

    static final LintRule DROP_OBJECT = (s, step, findings) -> {
        Matcher drop = DROP_TABLE.matcher(s.normalized());
        if (drop.find()) {
            String kind = drop.group(1).toUpperCase();
            if (kind.equals("TABLE")) {
                if (!droppedTablesAllNew(drop, s, step)) {
                    findings.add(Breaking.finding("drop-object", step, s.line(),
                            "DROP TABLE destroys data and breaks clients that still use it",
                            "stop every client using it first, keep a backup, and drop it in a step of its own marked "
                                    + Breaking.CONTRACT_MARKER));
                }
            } else {
                findings.add(LintFinding.of("drop-object", CRITICAL, s.line(),
                        "DROP " + kind + " destroys data and breaks clients that still use it",
                        "stop every client using it first, keep a backup, and drop it in a release of its own"));
            }
        } else if (DROP_COLUMN.matcher(s.normalized()).find() && !createdInRequest(s, step)) {
            findings.add(Breaking.finding("drop-object", step, s.line(),
                    "DROP COLUMN breaks clients (and ORMs) that still select or insert the column",
                    "stop reading and writing the column in the application first, then drop it in a later step "
                            + "marked " + Breaking.CONTRACT_MARKER));
        }
    };

    static final LintRule TRUNCATE = (s, step, findings) -> {
        if (TRUNCATE_CASCADE.matcher(s.normalized()).find() && !allNewAndRowless(s, step)) {
            findings.add(LintFinding.of("truncate-cascade", CRITICAL, s.line(),
                    "TRUNCATE ... CASCADE also empties every table that references this one, transitively",
                    "TRUNCATE the tables you mean by name (RESTRICT is the default), or DELETE in batches"));
        }
    };

    static final LintRule VACUUM_FULL_OR_CLUSTER = (s, step, findings) -> {
        if (VACUUM_FULL.matcher(s.normalized()).find()) {
            findings.add(LintFinding.of("vacuum-full-or-cluster", CRITICAL, s.line(),
                    "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock: no reads, no writes",
                    "plain VACUUM, or an online repack (pg_repack / pg_squeeze) outside the migration"));
        }
    };

    private DestructiveRules() {
    }

    private static boolean createdInRequest(SqlStatement s, StepContext step) {
        return AlterTable.parse(s, step).map(alter -> step.createdInRequest(alter.table())).orElse(false);
    }

    private static boolean droppedTablesAllNew(Matcher drop, SqlStatement s, StepContext step) {
        String names = s.normalized().substring(drop.end()).replaceFirst("(?i)^ IF EXISTS", "")
                .replaceFirst("(?i) (?:CASCADE|RESTRICT)$", "");
        for (String name : names.split(",")) {
            String table = step.table(name.strip());
            if (!step.createdInRequest(table) && !step.absentFromTarget(table)) {
                return false;
            }
        }
        return true;
    }

    /** TRUNCATE of tables this request created and has not filled: nothing there, nor in what refers to them. */
    private static boolean allNewAndRowless(SqlStatement s, StepContext step) {
        String names = s.normalized().replaceFirst("(?i)^TRUNCATE (?:TABLE )?(?:ONLY )?", "")
                .replaceFirst("(?i)(?: (?:RESTART|CONTINUE) IDENTITY)? CASCADE$", "");
        for (String name : names.split(",")) {
            String table = step.table(name.strip());
            if (!step.createdInRequest(table) || !step.hasNoRows(table)) {
                return false;
            }
        }
        return true;
    }

    static List<LintRule> all() {
        return List.of(RENAME_RULE, DROP_OBJECT, TRUNCATE, VACUUM_FULL_OR_CLUSTER);
    }
}
