package dev.dbops.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.event.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lint knows the whole request and the target: what earlier steps created, empty tables, schemas, types. */
class RequestAwareLintTest {

    private static Linter linter(TargetCatalog catalog) {
        return new Linter(new StepContext(new PgVersion(15), catalog));
    }

    private static TargetCatalog catalog(List<String> searchPath, Set<String> tables, Set<String> empty,
            Map<String, String> types) {
        return new TargetCatalog(searchPath, tables, empty, Set.of(), types);
    }

    private static List<String> rules(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::ruleId).filter(id -> !id.equals("prefer-if-exists")).toList();
    }

    @Test
    void tablesAnEarlierStepOfTheRequestCreatedHaveNothingToLockOrScan() {
        Linter linter = linter(TargetCatalog.unknown());
        linter.lintStep("CREATE TABLE inventory (id int, qty int, owner_id int)", true);
        assertThat(rules(linter.lintStep("""
                ALTER TABLE inventory ALTER COLUMN qty SET NOT NULL;
                ALTER TABLE inventory ADD CONSTRAINT positive CHECK (qty > 0);
                ALTER TABLE inventory ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES owners (id);
                CREATE INDEX inventory_owner ON inventory (owner_id);
                ALTER TABLE inventory RENAME COLUMN qty TO quantity;
                """, true))).isEmpty();
    }

    @Test
    void aProjectStartingFromAnEmptyDatabaseDropsTruncatesAndBackfillsNothing() {
        // as in a public project's V1/V2/V3 planned against an empty database (the catalog read, no tables)
        Linter linter = linter(catalog(List.of("public"), Set.of(), Set.of(), Map.of()));
        assertThat(rules(linter.lintStep("DROP TABLE IF EXISTS versions CASCADE; DROP TABLE IF EXISTS objects CASCADE; "
                + "CREATE TABLE versions (id bigint PRIMARY KEY); "
                + "CREATE TABLE object_log (id bigint, version_id bigint REFERENCES versions (id))", true))).isEmpty();
        assertThat(rules(linter.lintStep("ALTER TABLE versions ADD COLUMN secret bytea; "
                + "UPDATE versions SET secret = decode(md5(random()::text), 'hex'); "
                + "ALTER TABLE versions ALTER COLUMN secret SET NOT NULL", true))).isEmpty();
        assertThat(rules(linter.lintStep("TRUNCATE TABLE versions CASCADE", true))).isEmpty();
        assertThat(rules(linter.lintStep("CREATE INDEX IF NOT EXISTS log_version_idx ON object_log (version_id); "
                + "DROP INDEX IF EXISTS log_version_idx; DROP INDEX public.log_version_idx", true))).isEmpty();
        assertThat(rules(linter.lintStep("DROP INDEX some_index_of_the_target", true))).containsExactly("non-concurrent-index");
        // once the request filled it, or on a target where the table exists, the same statements are dangerous
        linter.lintStep("INSERT INTO versions SELECT g FROM generate_series(1, 1000) g", true);
        assertThat(rules(linter.lintStep("TRUNCATE TABLE versions CASCADE", true))).containsExactly("truncate-cascade");
        assertThat(rules(linter.lintStep("ALTER TABLE versions ADD COLUMN flag boolean; UPDATE versions SET flag = false",
                true))).contains("backfill-with-ddl");
        Linter existing = linter(catalog(List.of("public"), Set.of("public.versions"), Set.of(), Map.of()));
        assertThat(rules(existing.lintStep("DROP TABLE IF EXISTS versions CASCADE", true))).containsExactly("drop-object");
        assertThat(rules(linter(TargetCatalog.unknown()).lintStep("DROP TABLE IF EXISTS versions", true)))
                .containsExactly("drop-object");
    }

    @Test
    void aTableFilledByTheRequestIsNoLongerEmpty() {
        Linter linter = linter(TargetCatalog.unknown());
        linter.lintStep("CREATE TABLE inventory (id int, qty int); INSERT INTO inventory SELECT g, g FROM "
                + "generate_series(1, 1000000) g", true);
        assertThat(rules(linter.lintStep("ALTER TABLE inventory ALTER COLUMN qty SET NOT NULL", true)))
                .containsExactly("set-not-null-without-check");
    }

    @Test
    void tablesEmptyOnTheTargetHaveNothingToScanButTheirColumnsStillBreakClients() {
        TargetCatalog catalog = catalog(List.of("public"), Set.of("public.audit", "public.items"), Set.of("public.audit"),
                Map.of());
        assertThat(rules(linter(catalog).lintStep("ALTER TABLE audit ALTER COLUMN at SET NOT NULL; "
                + "ALTER TABLE audit ADD CONSTRAINT c CHECK (at > now() - interval '1 year')", true)))
                .containsOnly("empty-table");
        assertThat(linter(catalog).lintStep("CREATE INDEX audit_at ON audit (at)", true)).extracting(LintFinding::ruleId,
                LintFinding::severity).containsExactly(org.assertj.core.groups.Tuple.tuple("empty-table", Severity.INFO),
                        org.assertj.core.groups.Tuple.tuple("prefer-if-exists", Severity.INFO));
        assertThat(rules(linter(catalog).lintStep("ALTER TABLE items ALTER COLUMN at SET NOT NULL", true)))
                .containsExactly("set-not-null-without-check");
        assertThat(rules(linter(catalog).lintStep("ALTER TABLE audit RENAME COLUMN at TO happened_at", true)))
                .containsExactly("rename", "empty-table");
    }

    @Test
    void namesAreComparedWithTheirSchemaQuotingAndSearchPath() {
        Linter linter = linter(TargetCatalog.unknown());
        assertThat(rules(linter.lintStep("CREATE TABLE billing.orders (id int); CREATE INDEX o ON public.orders (id)",
                true))).containsExactly("non-concurrent-index");
        assertThat(rules(linter(TargetCatalog.unknown()).lintStep(
                "CREATE TABLE \"Orders\" (id int); CREATE INDEX o ON orders (id)", true))).containsExactly("non-concurrent-index");
        assertThat(rules(linter(TargetCatalog.unknown()).lintStep(
                "CREATE TABLE \"Orders\" (id int); CREATE INDEX o ON public.\"Orders\" (id)", true))).isEmpty();
        assertThat(rules(linter(TargetCatalog.unknown()).lintStep(
                "SET search_path TO billing; CREATE TABLE orders (id int); CREATE INDEX o ON billing.orders (id)", true)))
                .isEmpty();
        // unqualified, the first schema of the search_path that has the table wins
        TargetCatalog twoSchemas = catalog(List.of("billing", "public"), Set.of("public.orders", "billing.invoices"),
                Set.of("billing.invoices"), Map.of());
        assertThat(rules(linter(twoSchemas).lintStep("CREATE INDEX i ON invoices (id)", true))).containsExactly("empty-table");
        assertThat(rules(linter(twoSchemas).lintStep("CREATE INDEX o ON orders (id)", true)))
                .containsExactly("non-concurrent-index");
    }

    @Test
    void validateInTheTransactionThatAddedTheConstraintNotValidIsFlagged() {
        String both = "ALTER TABLE items ADD CONSTRAINT positive CHECK (qty > 0) NOT VALID;\n"
                + "ALTER TABLE items VALIDATE CONSTRAINT positive";
        assertThat(linter(TargetCatalog.unknown()).lintStep(both, true)).filteredOn(f -> f.ruleId()
                .equals("validate-in-same-transaction")).singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.line()).isEqualTo(2);
                });
        Linter linter = linter(TargetCatalog.unknown());
        linter.lintStep("ALTER TABLE items ADD CONSTRAINT positive CHECK (qty > 0) NOT VALID", true);
        assertThat(rules(linter.lintStep("ALTER TABLE items VALIDATE CONSTRAINT positive", true))).isEmpty();
    }

    @Test
    void renameDropAndNarrowingBlockUnlessTheStepIsTheContractPhase() {
        TargetCatalog catalog = catalog(List.of("public"), Set.of("public.items"), Set.of(),
                Map.of("public.items.name", "character varying(200)", "public.items.qty", "bigint"));
        for (String sql : List.of("ALTER TABLE items RENAME COLUMN qty TO quantity", "ALTER TABLE items RENAME TO products",
                "ALTER TABLE items DROP COLUMN legacy", "DROP TABLE items",
                "ALTER TABLE items ALTER COLUMN name TYPE varchar(50)", "ALTER TABLE items ALTER COLUMN qty TYPE int")) {
            assertThat(linter(catalog).lintStep(sql, true)).as(sql).extracting(LintFinding::severity)
                    .contains(Severity.CRITICAL);
            List<LintFinding> contract = linter(catalog).lintStep("-- dbops:phase=contract\n" + sql, true);
            assertThat(contract).as(sql).filteredOn(f -> List.of("rename", "drop-object", "type-narrowing")
                    .contains(f.ruleId())).singleElement().extracting(LintFinding::severity).isEqualTo(Severity.WARNING);
        }
        assertThat(rules(linter(catalog).lintStep("ALTER TABLE items ALTER COLUMN name TYPE varchar(50)", true)))
                .contains("type-narrowing");
    }

    @Test
    void aWideningTheCatalogProvesBinaryCoercibleIsInfo() {
        TargetCatalog catalog = catalog(List.of("public"), Set.of("public.items"), Set.of(),
                Map.of("public.items.name", "character varying(50)", "public.items.price", "numeric(10,2)"));
        for (String sql : List.of("ALTER TABLE items ALTER COLUMN name TYPE varchar(200)",
                "ALTER TABLE items ALTER COLUMN name TYPE text", "ALTER TABLE items ALTER COLUMN price TYPE numeric(12,2)")) {
            assertThat(linter(catalog).lintStep(sql, true)).as(sql).filteredOn(f -> f.ruleId().equals("alter-column-type"))
                    .singleElement().extracting(LintFinding::severity).isEqualTo(Severity.INFO);
        }
        assertThat(linter(catalog).lintStep("ALTER TABLE items ALTER COLUMN name TYPE integer USING name::int", true))
                .extracting(LintFinding::severity).contains(Severity.CRITICAL);
    }
}
