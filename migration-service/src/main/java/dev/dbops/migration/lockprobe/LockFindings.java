package dev.dbops.migration.lockprobe;

import static dev.dbops.common.event.Severity.CRITICAL;
import static dev.dbops.common.event.Severity.WARNING;

import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.migration.lint.LintFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns what a step did on the scratch copy into findings: rewrites and blocking locks on tables with rows. */
public final class LockFindings {

    /** The modes that make every client of the table queue: ACCESS EXCLUSIVE stops reads, SHARE stops writes. */
    private static final Set<String> BLOCKING = Set.of("AccessExclusiveLock", "ShareLock", "ExclusiveLock",
            "ShareRowExclusiveLock");

    private LockFindings() {
    }

    public static List<LintFinding> of(StepRun run) {
        List<LintFinding> findings = new ArrayList<>();
        if (run.failure() != null) {
            boolean syntax = "42601".equals(run.failure().sqlState());
            findings.add(new LintFinding(syntax ? "unparseable" : "fails-on-scratch-copy", CRITICAL,
                    run.failure().line(), (syntax ? "PostgreSQL cannot parse the script: " : "the step failed on a "
                            + "schema-only copy of the target, so it will fail there too: ") + run.failure().message(),
                    "fix the script", false));
        }
        for (ObservedLock lock : run.locks()) {
            boolean hasRows = lock.estimatedRows() == null || lock.estimatedRows() > 0;
            String rows = lock.estimatedRows() == null ? "rows not estimated yet" : "~" + lock.estimatedRows() + " rows";
            if (lock.rewritten() && hasRows) {
                findings.add(LintFinding.of("observed-rewrite", CRITICAL, lock.line(),
                        "rewrote " + lock.relation() + " (" + rows + ") while holding " + lock.mode(),
                        "a form that does not rewrite: nullable column, constant default, a new column and batched "
                                + "backfill"));
            } else if (BLOCKING.contains(lock.mode()) && hasRows) {
                findings.add(LintFinding.of("observed-blocking-lock", WARNING, lock.line(),
                        "takes " + lock.mode() + " on " + lock.relation() + " (" + rows + "): its clients queue "
                                + "behind it for as long as it runs (lock_timeout bounds the wait for the lock)",
                        "keep the statement instant (catalog-only), or use a form that takes a weaker lock"));
            }
        }
        return findings;
    }
}
