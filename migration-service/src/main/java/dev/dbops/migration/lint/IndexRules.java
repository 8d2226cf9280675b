package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.WARNING;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Index builds and drops that lock writers out, and CONCURRENTLY where it cannot work. */
final class IndexRules {

    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?i)^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY).*?\\bON (?:ONLY )?(" + AlterTable.NAME + ")");
    private static final Pattern DROP_INDEX = Pattern.compile("(?i)^DROP INDEX (?!CONCURRENTLY)");
    private static final Pattern REINDEX = Pattern.compile(
            "(?i)^REINDEX (?:\\([^)]*\\) )?(?:INDEX|TABLE|SCHEMA|DATABASE|SYSTEM) (?!CONCURRENTLY)");
    private static final Pattern CONCURRENTLY = Pattern.compile(
            "(?i)^(?:CREATE (?:UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY|REINDEX .*CONCURRENTLY"
                    + "|ALTER TABLE .* DETACH PARTITION .* CONCURRENTLY)");
    private static final Pattern BEGIN = Pattern.compile("(?i)^(?:BEGIN|START TRANSACTION)\\b");

    static final LintRule NON_CONCURRENT_INDEX = (s, step, findings) -> {
        Matcher create = CREATE_INDEX.matcher(s.normalized());
        if (create.find() && !step.hasNoRows(step.table(create.group(1)))) {
            findings.add(LintFinding.of("non-concurrent-index", CRITICAL, s.line(),
                    "CREATE INDEX without CONCURRENTLY blocks every write to the table for the whole build",
                    "CREATE INDEX CONCURRENTLY in a step of its own"));
        } else if (DROP_INDEX.matcher(s.normalized()).find() && !dropsOnlyIndexesOfRowlessNewTables(s, step)) {
            findings.add(LintFinding.of("non-concurrent-index", CRITICAL, s.line(),
                    "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table",
                    "DROP INDEX CONCURRENTLY in a step of its own"));
        } else if (REINDEX.matcher(s.normalized()).find()) {
            findings.add(LintFinding.of("non-concurrent-index", CRITICAL, s.line(),
                    "REINDEX without CONCURRENTLY blocks writes (and reads that use the index) until it ends",
                    step.version().atLeast(12) ? "REINDEX ... CONCURRENTLY in a step of its own"
                            : "CREATE INDEX CONCURRENTLY a replacement, then DROP INDEX CONCURRENTLY the old one"));
        }
    };

    /** DROP INDEX of indexes this request built on tables it created and has not filled: locks nothing in use. */
    private static boolean dropsOnlyIndexesOfRowlessNewTables(SqlStatement s, StepContext step) {
        String names = s.normalized().replaceFirst("(?i)^DROP INDEX (?:IF EXISTS )?", "")
                .replaceFirst("(?i) (?:CASCADE|RESTRICT)$", "");
        for (String name : names.split(",")) {
            boolean harmless = step.tableOfIndexCreatedInRequest(name.strip())
                    .filter(table -> step.createdInRequest(table) && step.hasNoRows(table)).isPresent();
            if (!harmless) {
                return false;
            }
        }
        return true;
    }

    static final LintRule CONCURRENTLY_IN_TRANSACTION = (s, step, findings) -> {
        if (!CONCURRENTLY.matcher(s.normalized()).find()) {
            return;
        }
        boolean explicitTransaction = step.statements().stream().anyMatch(o -> BEGIN.matcher(o.normalized()).find());
        // a step Flyway runs outside a transaction (its own detection, mixed, or executeInTransaction=false) is
        // not in one, whatever shares it; only BEGIN or a transactional step puts CONCURRENTLY in a transaction
        if (explicitTransaction || step.transactional()) {
            findings.add(LintFinding.of("concurrently-in-transaction", CRITICAL, s.line(),
                    "a CONCURRENTLY operation cannot run inside a transaction block, and this step runs in one",
                    "put each CONCURRENTLY statement alone in its own step, without BEGIN/COMMIT"));
        }
    };

    /** Once per step: a step outside a transaction that fails halfway keeps the statements before the failure. */
    static final LintRule NON_ATOMIC_STEP = (s, step, findings) -> {
        List<SqlStatement> statements = step.statements();
        if (step.transactional() || statements.size() < 2 || s != statements.get(0)
                || statements.stream().anyMatch(o -> BEGIN.matcher(o.normalized()).find())) {
            return;
        }
        findings.add(LintFinding.of("non-atomic-step", WARNING, statements.get(1).line(),
                "Flyway runs this script outside a transaction, so if a statement fails the ones before it stay "
                        + "applied: the step can half-apply and must then be finished or undone by hand",
                "put each non-transactional statement (CONCURRENTLY, ADD VALUE ...) alone in its own step"));
    };

    private IndexRules() {
    }

    static List<LintRule> all() {
        return List.of(NON_CONCURRENT_INDEX, CONCURRENTLY_IN_TRANSACTION, NON_ATOMIC_STEP);
    }
}
