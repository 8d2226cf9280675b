package dev.dbops.migration.lockprobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.common.event.Severity;
import dev.dbops.migration.lint.LintFinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockFindingsTest {

    @Test
    void aRewriteOfATableWithRowsIsCritical() {
        List<LintFinding> findings = LockFindings.of(new StepRun("V2__x.sql",
                List.of(new ObservedLock(3, "items", "AccessExclusiveLock", true, 1_000_000L)), null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("observed-rewrite");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.message()).contains("~1000000 rows");
        });
    }

    @Test
    void aBlockingLockOnATableWithRowsIsAWarningAndAWeakLockOrAnEmptyTableIsNothing() {
        assertThat(LockFindings.of(new StepRun("V2__x.sql", List.of(
                new ObservedLock(1, "items", "ShareLock", false, 10L),
                new ObservedLock(1, "items", "ShareUpdateExclusiveLock", false, 10L),
                new ObservedLock(1, "empty", "AccessExclusiveLock", false, 0L)), null)))
                .extracting(LintFinding::ruleId, LintFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("observed-blocking-lock", Severity.WARNING));
    }

    @Test
    void aTableNeverAnalysedCountsAsHavingRows() {
        assertThat(LockFindings.of(new StepRun("V2__x.sql",
                List.of(new ObservedLock(1, "items", "AccessExclusiveLock", false, null)), null)))
                .extracting(LintFinding::message).singleElement().asString().contains("rows not estimated yet");
    }

    @Test
    void aSyntaxErrorOnTheScratchCopyIsAnUnparseableScriptAndAnyOtherFailureBlocksToo() {
        LintFinding syntax = LockFindings.of(new StepRun("V2__x.sql", List.of(),
                new StepRun.Failure(2, "42601", "syntax error at or near \"TABL\""))).get(0);
        assertThat(syntax.ruleId()).isEqualTo("unparseable");
        assertThat(syntax.overridable()).isFalse();
        LintFinding missing = LockFindings.of(new StepRun("V2__x.sql", List.of(),
                new StepRun.Failure(1, "42P01", "relation \"nope\" does not exist"))).get(0);
        assertThat(missing.ruleId()).isEqualTo("fails-on-scratch-copy");
        assertThat(missing.overridable()).isFalse();
    }

    @Test
    void schemaDiffIgnoresCommentsAndSettingsButNotObjects() {
        String a = "-- dumped at 10:00\nSET lock_timeout = 0;\nCREATE TABLE t (\n    id integer\n);\n";
        String b = "-- dumped at 10:05\nSET lock_timeout = 0;\nCREATE TABLE t (\n    id integer,\n    note text\n);\n";
        assertThat(SchemaDiff.between(a, a.replace("10:00", "11:00"))).isEmpty();
        assertThat(SchemaDiff.between(a, b)).containsExactly("- id integer", "+ id integer,", "+ note text");
    }
}
