package dev.dbops.migration.lockprobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import dev.dbops.common.event.Evidence;
import dev.dbops.common.event.Severity;
import dev.dbops.migration.lint.LintFinding;
import dev.dbops.migration.lint.Linter;
import dev.dbops.migration.lint.PgVersion;
import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.StepContext;
import dev.dbops.migration.lint.TargetCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockFindingsTest {

    private static List<LintFinding> observe(String sql, List<LintFinding> lint, ObservedLock... locks) {
        return LockFindings.of(lint, new StepRun("V2__x.sql", List.of(locks), null), SqlScript.split(sql));
    }

    private static List<LintFinding> observe(String sql, ObservedLock... locks) {
        return observe(sql, List.of(), locks);
    }

    private static List<LintFinding> lint(String sql) {
        return new Linter(new StepContext(new PgVersion(15), TargetCatalog.unknown())).lintStep(sql, true).stream()
                .filter(f -> !f.ruleId().equals("prefer-if-exists")).toList();
    }

    @Test
    void aRewriteNoRuleFoundIsCriticalAndObserved() {
        assertThat(observe("UPDATE items SET a = 1",
                new ObservedLock(1, "items", "AccessExclusiveLock", true, 1_000_000L))).singleElement().satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("observed-rewrite");
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.evidence()).isEqualTo(Evidence.OBSERVED);
                    assertThat(f.message()).contains("~1000000 rows");
                });
    }

    @Test
    void aRuleTheCopyConfirmsIsOneFindingWithBothEvidences() {
        String sql = "CREATE INDEX items_owner ON items (owner_id)";
        assertThat(observe(sql, lint(sql), new ObservedLock(1, "items", "ShareLock", false, 10L)))
                .singleElement().satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("non-concurrent-index");
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.evidence()).isEqualTo(Evidence.BOTH);
                    assertThat(f.message()).contains("ShareLock");
                });
    }

    @Test
    void aTypeChangeWithoutAnObservedRewriteIsNotCritical() {
        // the target's column type unknown: statically a possible rewrite; the copy saw none (varchar(50) -> (200))
        for (String sql : List.of("ALTER TABLE items ALTER COLUMN name TYPE varchar(200)",
                "ALTER TABLE items ALTER COLUMN name TYPE text")) {
            assertThat(lint(sql)).extracting(LintFinding::severity).containsExactly(Severity.CRITICAL);
            assertThat(observe(sql, lint(sql), new ObservedLock(1, "items", "AccessExclusiveLock", false, 10L)))
                    .singleElement().satisfies(f -> {
                        assertThat(f.ruleId()).isEqualTo("alter-column-type");
                        assertThat(f.severity()).isEqualTo(Severity.INFO);
                        assertThat(f.evidence()).isEqualTo(Evidence.BOTH);
                    });
        }
        String sql = "ALTER TABLE items ALTER COLUMN qty TYPE bigint";
        assertThat(observe(sql, lint(sql), new ObservedLock(1, "items", "AccessExclusiveLock", true, 10L)))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.evidence()).isEqualTo(Evidence.BOTH);
                    assertThat(f.message()).contains("rewrote items");
                });
    }

    @Test
    void anAccessExclusiveLockHeldForAnInstantIsInfoAndOneHeldForAWholeStatementAWarning() {
        for (String sql : List.of("ALTER TABLE items ADD COLUMN note text", "ALTER TABLE items ALTER COLUMN a SET DEFAULT 0",
                "ALTER TABLE items ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES owners (id) NOT VALID",
                "ALTER TABLE items DROP CONSTRAINT c", "CREATE TRIGGER t BEFORE INSERT ON items FOR EACH ROW "
                        + "EXECUTE FUNCTION f()")) {
            assertThat(observe(sql, new ObservedLock(1, "items", "AccessExclusiveLock", false, 10L)))
                    .as(sql).singleElement().satisfies(f -> {
                        assertThat(f.ruleId()).isEqualTo("observed-blocking-lock");
                        assertThat(f.severity()).isEqualTo(Severity.INFO);
                    });
        }
        // REINDEX CONCURRENTLY swaps the rebuilt index in at its end, under ACCESS EXCLUSIVE on the old one
        assertThat(observe("REINDEX INDEX CONCURRENTLY items_owner_idx",
                new ObservedLock(1, "items_owner_idx", "AccessExclusiveLock", false, null)))
                .extracting(LintFinding::severity).containsExactly(Severity.INFO);
        assertThat(observe("LOCK TABLE items IN ACCESS EXCLUSIVE MODE",
                new ObservedLock(1, "items", "AccessExclusiveLock", false, 10L)))
                .extracting(LintFinding::severity).containsExactly(Severity.WARNING);
        assertThat(observe("REFRESH MATERIALIZED VIEW totals", new ObservedLock(1, "totals", "ExclusiveLock", false, 10L)))
                .extracting(LintFinding::severity).containsExactly(Severity.WARNING);
    }

    @Test
    void aStrongLockTakenForAStatementOnAnEmptyTableIsInfo() {
        String sql = "ALTER TABLE drafts ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES owners (id)";
        List<LintFinding> lint = new Linter(new StepContext(new PgVersion(15), new TargetCatalog(List.of("public"),
                java.util.Set.of("public.drafts", "public.owners"), java.util.Set.of("public.drafts"), java.util.Set.of(),
                java.util.Map.of()))).lintStep(sql, true);
        assertThat(observe(sql, lint, new ObservedLock(1, "owners", "ShareRowExclusiveLock", false, 1000L)))
                .singleElement().satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("empty-table");
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                    assertThat(f.evidence()).isEqualTo(Evidence.BOTH);
                });
        // never analysed, so its rows are not estimated: the catalog knows it is empty, the rewrite costs nothing
        String retype = "ALTER TABLE drafts ALTER COLUMN owner_id TYPE numeric";
        List<LintFinding> retypeLint = new Linter(new StepContext(new PgVersion(15), new TargetCatalog(List.of("public"),
                java.util.Set.of("public.drafts"), java.util.Set.of("public.drafts"), java.util.Set.of(),
                java.util.Map.of()))).lintStep(retype, true);
        assertThat(observe(retype, retypeLint, new ObservedLock(1, "drafts", "AccessExclusiveLock", true, null)))
                .extracting(LintFinding::severity).containsOnly(Severity.INFO);
    }

    @Test
    void aWeakLockOrAnEmptyTableIsNothingAndATableNeverAnalysedCountsAsHavingRows() {
        assertThat(observe("ALTER TABLE items VALIDATE CONSTRAINT c",
                new ObservedLock(1, "items", "ShareUpdateExclusiveLock", false, 10L),
                new ObservedLock(1, "empty", "AccessExclusiveLock", false, 0L))).isEmpty();
        assertThat(observe("LOCK TABLE items", new ObservedLock(1, "items", "AccessExclusiveLock", false, null)))
                .extracting(LintFinding::message).singleElement().asString().contains("rows not estimated yet");
    }

    @Test
    void aSyntaxErrorOnTheScratchCopyIsAnUnparseableScriptAndAnyOtherFailureBlocksToo() {
        LintFinding syntax = LockFindings.of(List.of(), new StepRun("V2__x.sql", List.of(),
                new StepRun.Failure(2, "42601", "syntax error at or near \"TABL\"")), List.of()).get(0);
        assertThat(syntax.ruleId()).isEqualTo("unparseable");
        assertThat(syntax.overridable()).isFalse();
        LintFinding missing = LockFindings.of(List.of(), new StepRun("V2__x.sql", List.of(),
                new StepRun.Failure(1, "42P01", "relation \"nope\" does not exist")), List.of()).get(0);
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
