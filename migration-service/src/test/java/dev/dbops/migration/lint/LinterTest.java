package dev.dbops.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.event.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule with a script it must flag and the safe rewrite it must leave alone. */
class LinterTest {

    static StepContext context(int pg, Set<String> validatedNotNull) {
        // the tables the cases touch exist on the target, with rows
        return new StepContext(new PgVersion(pg), new TargetCatalog(List.of("public"),
                Set.of("public.items", "public.owners", "public.audit_log", "public.t"), Set.of(), validatedNotNull,
                Map.of()));
    }

    private static List<LintFinding> lint(int pg, String script, boolean transactional) {
        return new Linter(context(pg, Set.of())).lintStep(script, transactional);
    }

    private static List<String> rules(int pg, String script, boolean transactional) {
        return lint(pg, script, transactional).stream().map(LintFinding::ruleId).filter(id -> !id.equals("prefer-if-exists"))
                .toList();
    }

    @ParameterizedTest(name = "{0}: flags [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            non-concurrent-index        | 15 | CREATE INDEX items_owner ON items (owner_id)                                   | true
            non-concurrent-index        | 15 | DROP INDEX items_owner                                                         | true
            non-concurrent-index        | 15 | REINDEX TABLE items                                                            | true
            concurrently-in-transaction | 15 | BEGIN; CREATE INDEX CONCURRENTLY items_owner ON items (owner_id); COMMIT        | false
            concurrently-in-transaction | 15 | CREATE INDEX CONCURRENTLY i ON items (a); UPDATE items SET a = 1 WHERE id = 1   | true
            add-column-rewrite          | 15 | ALTER TABLE items ADD COLUMN token uuid DEFAULT gen_random_uuid()               | true
            add-column-rewrite          | 15 | ALTER TABLE items ADD COLUMN total int GENERATED ALWAYS AS (qty * 2) STORED     | true
            add-column-rewrite          | 15 | ALTER TABLE items ADD COLUMN seq bigserial                                     | true
            add-column-rewrite          | 15 | ALTER TABLE items ADD COLUMN n int GENERATED ALWAYS AS IDENTITY                 | true
            add-column-rewrite          | 10 | ALTER TABLE items ADD COLUMN status text DEFAULT 'new'                          | true
            add-column-not-null-without-default | 15 | ALTER TABLE items ADD COLUMN status text NOT NULL                       | true
            set-not-null-without-check  | 15 | ALTER TABLE items ALTER COLUMN owner_id SET NOT NULL                            | true
            alter-column-type           | 15 | ALTER TABLE items ALTER COLUMN qty TYPE bigint                                  | true
            constraint-without-not-valid | 15 | ALTER TABLE items ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES owners (id) | true
            constraint-without-not-valid | 15 | ALTER TABLE items ADD CONSTRAINT positive CHECK (qty > 0)                     | true
            unique-without-index        | 15 | ALTER TABLE items ADD CONSTRAINT items_code UNIQUE (code)                       | true
            unique-without-index        | 15 | ALTER TABLE items ADD PRIMARY KEY (id)                                          | true
            rename                      | 15 | ALTER TABLE items RENAME COLUMN qty TO quantity                                 | true
            rename                      | 15 | ALTER TABLE items RENAME TO products                                            | true
            drop-object                 | 15 | ALTER TABLE items DROP COLUMN legacy                                            | true
            drop-object                 | 15 | DROP TABLE items                                                                | true
            drop-object                 | 15 | DROP DATABASE shop                                                              | true
            truncate-cascade            | 15 | TRUNCATE owners CASCADE                                                         | true
            vacuum-full-or-cluster      | 15 | VACUUM FULL items                                                               | true
            vacuum-full-or-cluster      | 15 | VACUUM (FULL, ANALYZE) items                                                    | true
            vacuum-full-or-cluster      | 15 | CLUSTER items USING items_pkey                                                  | true
            enum-add-value              | 11 | ALTER TYPE status ADD VALUE 'archived'                                          | true
            enum-add-value              | 15 | ALTER TYPE status ADD VALUE 'archived'; UPDATE items SET status = 'archived' WHERE id = 1 | true
            backfill-with-ddl           | 15 | ALTER TABLE items ADD COLUMN flag boolean; UPDATE items SET flag = false        | true
            backfill-with-ddl           | 15 | ALTER TABLE items ADD COLUMN flag boolean; DELETE FROM items                    | true
            """)
    void flagsTheUnsafeForm(String rule, int pg, String script, boolean transactional) {
        assertThat(rules(pg, script, transactional)).contains(rule);
    }

    @ParameterizedTest(name = "{0}: safe [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            non-concurrent-index        | 15 | CREATE INDEX CONCURRENTLY IF NOT EXISTS items_owner ON items (owner_id)          | false
            non-concurrent-index        | 15 | CREATE TABLE IF NOT EXISTS t (id int); CREATE INDEX IF NOT EXISTS t_id ON t (id) | true
            non-concurrent-index        | 15 | REINDEX TABLE CONCURRENTLY items                                                 | false
            concurrently-in-transaction | 15 | DROP INDEX CONCURRENTLY IF EXISTS items_owner                                    | false
            concurrently-in-transaction | 15 | CREATE INDEX CONCURRENTLY i ON items (a); UPDATE items SET a = 1 WHERE id = 1     | false
            add-column-rewrite          | 15 | ALTER TABLE items ADD COLUMN IF NOT EXISTS status text DEFAULT 'new'             | true
            add-column-rewrite          | 15 | ALTER TABLE items ADD COLUMN IF NOT EXISTS token uuid; ALTER TABLE items ALTER COLUMN token SET DEFAULT gen_random_uuid() | true
            add-column-not-null-without-default | 15 | ALTER TABLE items ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'new' | true
            set-not-null-without-check  | 15 | ALTER TABLE items ADD CONSTRAINT owner_nn CHECK (owner_id IS NOT NULL) NOT VALID; ALTER TABLE items VALIDATE CONSTRAINT owner_nn; ALTER TABLE items ALTER COLUMN owner_id SET NOT NULL | true
            alter-column-type           | 15 | ALTER TABLE items ADD COLUMN IF NOT EXISTS qty_big bigint                        | true
            constraint-without-not-valid | 15 | ALTER TABLE items ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID | true
            constraint-without-not-valid | 15 | ALTER TABLE items VALIDATE CONSTRAINT fk                                        | true
            unique-without-index        | 15 | ALTER TABLE items ADD CONSTRAINT items_code UNIQUE USING INDEX items_code_idx    | true
            rename                      | 15 | CREATE VIEW products AS SELECT * FROM items                                     | true
            drop-object                 | 15 | ALTER TABLE items DROP CONSTRAINT IF EXISTS positive                             | true
            truncate-cascade            | 15 | TRUNCATE audit_log                                                               | true
            vacuum-full-or-cluster      | 15 | VACUUM (ANALYZE) items                                                           | false
            enum-add-value              | 15 | ALTER TYPE status ADD VALUE IF NOT EXISTS 'archived'                             | true
            backfill-with-ddl           | 15 | UPDATE items SET flag = false WHERE id BETWEEN 1 AND 10000                       | true
            """)
    void leavesTheSafeFormAlone(String rule, int pg, String script, boolean transactional) {
        assertThat(rules(pg, script, transactional)).doesNotContain(rule);
    }

    @Test
    void aStepOutsideATransactionWithSeveralStatementsWarnsThatItCanHalfApply() {
        String script = "CREATE TYPE p AS ENUM ('low');\nALTER TABLE items ADD COLUMN p p;\nCREATE INDEX CONCURRENTLY i ON items (a)";
        assertThat(lint(15, script, false)).filteredOn(f -> !f.ruleId().equals("prefer-if-exists")).singleElement()
                .satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("non-atomic-step");
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.line()).isEqualTo(2);
                    assertThat(f.message()).contains("half-apply");
                });
        assertThat(rules(15, "CREATE INDEX CONCURRENTLY i ON items (a)", false)).isEmpty();
        assertThat(rules(15, "ALTER TABLE items ADD COLUMN IF NOT EXISTS p text; UPDATE items SET p = 'x' WHERE id = 1",
                true)).doesNotContain("non-atomic-step");
    }

    @Test
    void aConstantDefaultIsSafeSince11ButNotBefore() {
        String script = "ALTER TABLE items ADD COLUMN IF NOT EXISTS status text DEFAULT 'new'";
        assertThat(rules(11, script, true)).isEmpty();
        assertThat(rules(10, script, true)).containsExactly("add-column-rewrite");
    }

    @Test
    void setNotNullKnowsAValidatedCheckOnTheTargetOnlySince12() {
        String script = "ALTER TABLE items ALTER COLUMN owner_id SET NOT NULL";
        assertThat(new Linter(context(15, Set.of("public.items.owner_id"))).lintStep(script, true))
                .extracting(LintFinding::ruleId).doesNotContain("set-not-null-without-check");
        assertThat(new Linter(context(11, Set.of("public.items.owner_id"))).lintStep(script, true))
                .extracting(LintFinding::ruleId).contains("set-not-null-without-check");
    }

    @Test
    void aValidatedCheckInAnEarlierStepCarriesOverToALaterOne() {
        Linter linter = new Linter(context(15, Set.of()));
        linter.lintStep("ALTER TABLE items ADD CONSTRAINT owner_nn CHECK (owner_id IS NOT NULL) NOT VALID", true);
        linter.lintStep("ALTER TABLE items VALIDATE CONSTRAINT owner_nn", true);
        assertThat(linter.lintStep("ALTER TABLE items ALTER COLUMN owner_id SET NOT NULL", true)).isEmpty();
    }

    @Test
    void preferIfExistsIsInformational() {
        assertThat(lint(15, "CREATE TABLE t (id int)", true)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("prefer-if-exists");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
        assertThat(lint(15, "CREATE TABLE IF NOT EXISTS t (id int)", true)).isEmpty();
    }

    @Test
    void findingsNameTheLineAndTheSafeAlternative() {
        LintFinding finding = lint(15, "-- add an index\n\nCREATE INDEX items_owner\n  ON items (owner_id);", true).get(0);
        assertThat(finding.line()).isEqualTo(3);
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.safeAlternative()).contains("CONCURRENTLY");
    }

    @Test
    void anUnterminatedLiteralIsANonOverridableFinding() {
        assertThat(lint(15, "SELECT 1;\nINSERT INTO t VALUES ('oops);", true)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("unparseable");
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.overridable()).isFalse();
        });
    }

    @Test
    void semicolonsInsideQuotesAndDollarQuotesDoNotSplit() {
        List<SqlStatement> statements = SqlScript.split("""
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                INSERT INTO t VALUES ('a;b', E'it\\'s;'); /* ; */ SELECT "x;y" FROM t;
                """);
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 2, 2);
        assertThat(statements.get(0).normalized()).doesNotContain("SELECT 1");
    }
}
