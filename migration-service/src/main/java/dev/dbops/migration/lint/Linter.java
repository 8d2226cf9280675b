package dev.dbops.migration.lint;

import static dev.dbops.common.event.Severity.CRITICAL;

import dev.dbops.common.event.Evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The static lint: every rule over every statement of the pending steps, in order, so that what one step
 * does (a validated CHECK) informs the rules of the next. Pure: no database, no framework.
 */
public final class Linter {

    private static final List<LintRule> RULES = Stream.of(IndexRules.all(), ColumnRules.all(), ConstraintRules.all(),
            DestructiveRules.all(), TransactionRules.all(), RowlessRules.all(), StyleRules.all()).flatMap(List::stream).toList();

    private final StepContext context;

    /** One linter per plan: it carries knowledge from step to step. */
    public Linter(StepContext context) {
        this.context = context;
    }

    /** Lints the next pending step; an unparseable script is one non-overridable finding. */
    public List<LintFinding> lintStep(String script, boolean transactional) {
        List<SqlStatement> statements;
        try {
            statements = SqlScript.split(script);
        } catch (UnparseableScriptException e) {
            return List.of(new LintFinding("unparseable", CRITICAL, e.line(), "the script does not parse: "
                    + e.getMessage(), "close the quote, dollar quote or comment", false, Evidence.STATIC));
        }
        context.beginStep(script, statements, transactional);
        List<LintFinding> findings = new ArrayList<>();
        for (SqlStatement statement : statements) {
            for (LintRule rule : RULES) {
                rule.check(statement, context, findings);
            }
            context.after(statement);
        }
        return findings;
    }
}
