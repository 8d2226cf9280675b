package dev.dbops.migration.lockprobe;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.INFO;
import static dev.dbops.common.event.Severity.WARNING;

import dev.dbops.common.event.Evidence;
import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.migration.lint.LintFinding;
import dev.dbops.migration.lint.LockDuration;
import dev.dbops.migration.lint.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins what the static lint says about a step with what the step did on the scratch copy, so that each
 * statement gets one finding with the severity both together justify: a rule the copy confirms keeps its
 * severity (evidence both), a type change the copy saw done without a rewrite is no longer critical, a
 * strong lock held for an instant under lock_timeout is info, and what only the copy saw is reported as
 * observed.
 */
public final class LockFindings {

    /** The modes that make every client of the table queue: ACCESS EXCLUSIVE stops reads, SHARE stops writes. */
    private static final Set<String> BLOCKING = Set.of("AccessExclusiveLock", "ShareLock", "ExclusiveLock",
            "ShareRowExclusiveLock");
    private static final String EMPTY_TABLE = "empty-table";
    /** Rules whose danger is a rewrite, so a copy that saw none refutes them. */
    private static final Set<String> REWRITE_RULES = Set.of("alter-column-type");

    private LockFindings() {
    }

    /**
     * @param lint the static findings of the step
     * @param statements the step's statements, to judge how long a lock is held
     */
    public static List<LintFinding> of(List<LintFinding> lint, StepRun run, List<SqlStatement> statements) {
        List<LintFinding> findings = new ArrayList<>();
        if (run.failure() != null) {
            boolean syntax = "42601".equals(run.failure().sqlState());
            findings.add(new LintFinding(syntax ? "unparseable" : "fails-on-scratch-copy", CRITICAL,
                    run.failure().line(), (syntax ? "PostgreSQL cannot parse the script: " : "the step failed on a "
                            + "schema-only copy of the target, so it will fail there too: ") + run.failure().message(),
                    "fix the script", false, Evidence.OBSERVED));
        }
        Map<Integer, List<ObservedLock>> byLine = new LinkedHashMap<>();
        for (ObservedLock lock : run.locks()) {
            if (hasRows(lock) && (lock.rewritten() || BLOCKING.contains(lock.mode()))) {
                byLine.computeIfAbsent(lock.line(), l -> new ArrayList<>()).add(lock);
            }
        }
        for (LintFinding f : lint) {
            List<ObservedLock> seen = f.ruleId().equals("prefer-if-exists") ? null : byLine.get(f.line());
            boolean rewritten = seen != null && seen.stream().anyMatch(ObservedLock::rewritten);
            if (seen == null || rewritten && f.severity() == INFO && !f.ruleId().equals(EMPTY_TABLE)) {
                findings.add(f);
            } else if (rewritten) {
                findings.add(f.refined(f.severity(), describe(seen)));
            } else if (REWRITE_RULES.contains(f.ruleId()) && f.severity() != INFO) {
                findings.add(f.refined(INFO, "no rewrite; " + describe(seen) + " for an instant, bounded by "
                        + "lock_timeout"));
            } else {
                findings.add(f.refined(f.severity(), describe(seen)));
            }
        }
        byLine.forEach((line, seen) -> {
            boolean rewritten = seen.stream().anyMatch(ObservedLock::rewritten);
            // a rule already judged this statement: an info one (instant) covers a lock, not a rewrite, unless
            // the table has no rows (pg_class.reltuples is -1 until the first ANALYZE, so rows are not known)
            if (lint.stream().anyMatch(f -> f.line() == line && !f.ruleId().equals("prefer-if-exists")
                    && (!rewritten || f.severity() != INFO || f.ruleId().equals(EMPTY_TABLE)))) {
                return;
            }
            ObservedLock lock = seen.stream().filter(ObservedLock::rewritten).findFirst().orElse(seen.get(0));
            if (lock.rewritten()) {
                findings.add(LintFinding.observed("observed-rewrite", CRITICAL, line,
                        "rewrote " + lock.relation() + " (" + rows(lock) + ") while holding " + lock.mode(),
                        "a form that does not rewrite: nullable column, constant default, a new column and batched "
                                + "backfill"));
            } else if (LockDuration.instant(statements, line)) {
                findings.add(LintFinding.observed("observed-blocking-lock", INFO, line, "takes " + lock.mode()
                        + " on " + lock.relation() + " (" + rows(lock) + ") for an instant (a catalog change); "
                        + "lock_timeout bounds how long clients queue behind it while it waits", "nothing to change"));
            } else {
                findings.add(LintFinding.observed("observed-blocking-lock", WARNING, line, "takes " + lock.mode()
                        + " on " + lock.relation() + " (" + rows(lock) + "): its clients queue behind it for as long "
                        + "as it runs (lock_timeout bounds only the wait for the lock)",
                        "keep the statement instant (catalog-only), or use a form that takes a weaker lock"));
            }
        });
        return findings;
    }

    private static boolean hasRows(ObservedLock lock) {
        return lock.estimatedRows() == null || lock.estimatedRows() > 0;
    }

    private static String rows(ObservedLock lock) {
        return lock.estimatedRows() == null ? "rows not estimated yet" : "~" + lock.estimatedRows() + " rows";
    }

    private static String describe(List<ObservedLock> seen) {
        ObservedLock lock = seen.stream().filter(ObservedLock::rewritten).findFirst().orElse(seen.get(0));
        return (lock.rewritten() ? "rewrote " + lock.relation() + " holding " : "took ") + lock.mode()
                + (lock.rewritten() ? "" : " on " + lock.relation()) + " (" + rows(lock) + ")";
    }
}
