package dev.dbops.monitor.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexAdvisorTest {

    private static final IndexAdvisor.Settings PGHERO = new IndexAdvisor.Settings(1 << 20, 10_000, 95);

    private static IndexInfo index(String name, List<Integer> columns, boolean unique, boolean primary, long size,
            long scans) {
        return new IndexInfo("public", "orders", name, unique, primary, true, "btree", columns, null, null, size,
                scans);
    }

    @Test
    void unusedIndexesHaveNoScansAreNotUniqueAndPassTheSizeFloor() {
        List<IndexInfo> indexes = List.of(
                index("orders_pkey", List.of(1), true, true, 50 << 20, 0),
                index("orders_email_key", List.of(2), true, false, 40 << 20, 0),
                index("orders_big_unused", List.of(3), false, false, 30 << 20, 0),
                index("orders_small_unused", List.of(4), false, false, 8192, 0),
                index("orders_used", List.of(5), false, false, 30 << 20, 12));
        assertThat(IndexAdvisor.unused(indexes, PGHERO)).extracting(IndexReport.Unused::index)
                .containsExactly("orders_big_unused");
    }

    @Test
    void anIndexIsADuplicateWhenItsColumnsArePrefixOfAnotherWithTheSameMethodAndPredicate() {
        List<IndexInfo> indexes = List.of(
                index("orders_pkey", List.of(1), true, true, 1, 1),
                index("orders_id_idx", List.of(1), false, false, 1, 1),              // covered by the primary key
                index("orders_customer", List.of(2), false, false, 1, 1),            // prefix of (2, 3)
                index("orders_customer_created", List.of(2, 3), false, false, 1, 1),
                index("orders_created_customer", List.of(3, 2), false, false, 1, 1), // not a prefix
                index("orders_same_a", List.of(4), false, false, 1, 1),              // identical pair: the larger name goes
                index("orders_same_b", List.of(4), false, false, 1, 1),
                new IndexInfo("public", "orders", "orders_status_hash", false, false, true, "hash", List.of(2),
                        null, null, 1, 1),                                                 // other method
                new IndexInfo("public", "orders", "orders_open_customer", false, false, true, "btree", List.of(2),
                        null, "(status = 'open'::text)", 1, 1));                          // other predicate
        assertThat(IndexAdvisor.duplicates(indexes))
                .extracting(IndexReport.Duplicate::index, IndexReport.Duplicate::coveredBy)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("orders_id_idx", "orders_pkey"),
                        org.assertj.core.groups.Tuple.tuple("orders_customer", "orders_customer_created"),
                        org.assertj.core.groups.Tuple.tuple("orders_same_b", "orders_same_a"));
    }

    @Test
    void aUniqueIndexIsNeverReportedAsTheDuplicate() {
        List<IndexInfo> indexes = List.of(index("a_key", List.of(2), true, false, 1, 1),
                index("b_wide", List.of(2, 3), false, false, 1, 1));
        assertThat(IndexAdvisor.duplicates(indexes)).isEmpty();
    }

    @Test
    void aForeignKeyIsSupportedByAnIndexLeadingWithItsColumnsInAnyOrder() {
        List<IndexInfo> indexes = List.of(index("orders_pkey", List.of(1), true, true, 1, 1),
                index("orders_a_b", List.of(5, 4, 6), false, false, 1, 1),
                new IndexInfo("public", "orders", "orders_partial", false, false, true, "btree", List.of(7), null,
                        "(x > 0)", 1, 1));
        List<ForeignKeyInfo> keys = List.of(
                new ForeignKeyInfo("public", "orders", "orders_customer_fk", List.of(2), "FOREIGN KEY (customer_id)"),
                new ForeignKeyInfo("public", "orders", "orders_pair_fk", List.of(4, 5), "FOREIGN KEY (a, b)"),
                new ForeignKeyInfo("public", "orders", "orders_partial_fk", List.of(7), "FOREIGN KEY (c)"),
                new ForeignKeyInfo("public", "orders", "orders_self_fk", List.of(1), "FOREIGN KEY (id)"));
        assertThat(IndexAdvisor.unindexedForeignKeys(indexes, keys))
                .extracting(IndexReport.UnindexedForeignKey::constraint)
                .containsExactly("orders_customer_fk", "orders_partial_fk");
    }

    @Test
    void tablesReadMostlyBySequentialScansPerPgHero() {
        List<TableScans> tables = List.of(
                new TableScans("public", "big_seq", 100, 900, 50_000),      // 90 % index: reported
                new TableScans("public", "big_idx", 4, 96, 50_000),         // 96 %: fine
                new TableScans("public", "small_seq", 1000, 0, 9_999),      // too small
                new TableScans("public", "no_index", 10, 0, 20_000),        // 0 %: reported
                new TableScans("public", "never_read", 0, 0, 20_000));      // no scans: nothing to say
        assertThat(IndexAdvisor.seqScanTables(tables, PGHERO)).extracting(IndexReport.SeqScanTable::table)
                .containsExactly("public.big_seq", "public.no_index");
        assertThat(IndexAdvisor.advise("t", Instant.EPOCH, List.of(), List.of(), tables, PGHERO).seqScanTables())
                .hasSize(2);
    }
}
