package dev.dbops.migration.lint;

import java.util.List;

/** A static rule: looks at one statement in the context of its step and reports what is dangerous. */
interface LintRule {

    void check(SqlStatement statement, StepContext step, List<LintFinding> findings);
}
