package dev.dbops.monitor.indexes;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** PgHero's index checks over a catalog listing: pure, so every definition is unit-tested. */
public final class IndexAdvisor {

    /**
     * @param unusedMinBytes smaller unused indexes are not worth reporting
     * @param seqScanMinRows PgHero: 10,000 rows
     * @param seqScanMaxIndexPercent PgHero: under 95 % of scans using an index
     */
    public record Settings(long unusedMinBytes, long seqScanMinRows, double seqScanMaxIndexPercent) {
    }

    private IndexAdvisor() {
    }

    public static IndexReport advise(String target, Instant at, List<IndexInfo> indexes,
            List<ForeignKeyInfo> foreignKeys, List<TableScans> tables, Settings settings) {
        return new IndexReport(target, at, unused(indexes, settings), duplicates(indexes),
                unindexedForeignKeys(indexes, foreignKeys), seqScanTables(tables, settings));
    }

    /** No scans since the stats reset, not unique (nor primary), at least the size floor; largest first. */
    static List<IndexReport.Unused> unused(List<IndexInfo> indexes, Settings settings) {
        return indexes.stream()
                .filter(i -> i.valid() && !i.unique() && !i.primary() && i.scans() == 0
                        && i.sizeBytes() >= settings.unusedMinBytes())
                .sorted(Comparator.comparingLong(IndexInfo::sizeBytes).reversed().thenComparing(IndexInfo::name))
                .map(i -> new IndexReport.Unused(i.qualifiedTable(), i.name(), i.sizeBytes())).toList();
    }

    /**
     * PgHero: a valid, non-unique, non-primary index whose columns are a prefix of another valid index's on the
     * same table, with the same method, expressions and predicate. Of two identical ones, the unique or primary
     * one, else the one with the smaller name, is kept.
     */
    static List<IndexReport.Duplicate> duplicates(List<IndexInfo> indexes) {
        Map<String, List<IndexInfo>> byTable = indexes.stream().collect(Collectors.groupingBy(IndexInfo::qualifiedTable));
        return indexes.stream()
                .filter(i -> i.valid() && !i.primary() && !i.unique())
                .flatMap(index -> byTable.get(index.qualifiedTable()).stream()
                        .filter(other -> other.valid() && !other.name().equals(index.name())
                                && covers(other.columns(), index.columns())
                                && other.method().equals(index.method())
                                && Objects.equals(other.expressions(), index.expressions())
                                && Objects.equals(other.predicate(), index.predicate()))
                        .filter(other -> !other.columns().equals(index.columns()) || other.primary() || other.unique()
                                || index.name().compareTo(other.name()) > 0)
                        .findFirst()
                        .map(other -> new IndexReport.Duplicate(index.qualifiedTable(), index.name(), other.name(),
                                index.sizeBytes()))
                        .stream())
                .sorted(Comparator.comparing(IndexReport.Duplicate::table).thenComparing(IndexReport.Duplicate::index))
                .toList();
    }

    static boolean covers(List<Integer> indexed, List<Integer> columns) {
        return indexed.size() >= columns.size() && indexed.subList(0, columns.size()).equals(columns);
    }

    /**
     * A foreign key is supported when some valid, non-partial index on its table starts with its columns (in any
     * order among the leading ones): deletes and updates on the referenced table can then find the referencing
     * rows without a sequential scan.
     */
    static List<IndexReport.UnindexedForeignKey> unindexedForeignKeys(List<IndexInfo> indexes,
            List<ForeignKeyInfo> foreignKeys) {
        return foreignKeys.stream()
                .filter(fk -> indexes.stream().noneMatch(i -> i.valid() && i.predicate() == null
                        && i.schema().equals(fk.schema()) && i.table().equals(fk.table())
                        && i.columns().size() >= fk.columns().size()
                        && new HashSet<>(i.columns().subList(0, fk.columns().size())).equals(new HashSet<>(fk.columns()))))
                .map(fk -> new IndexReport.UnindexedForeignKey(fk.schema() + "." + fk.table(), fk.name(), fk.definition()))
                .sorted(Comparator.comparing(IndexReport.UnindexedForeignKey::table)
                        .thenComparing(IndexReport.UnindexedForeignKey::constraint))
                .toList();
    }

    /** PgHero: at least 10,000 rows and under 95 % of scans using an index; most rows first. */
    static List<IndexReport.SeqScanTable> seqScanTables(List<TableScans> tables, Settings settings) {
        return tables.stream()
                .filter(t -> t.seqScans() > 0 && t.liveRows() >= settings.seqScanMinRows()
                        && t.indexScanPercent() < settings.seqScanMaxIndexPercent())
                .sorted(Comparator.comparingLong(TableScans::liveRows).reversed().thenComparing(TableScans::table))
                .map(t -> new IndexReport.SeqScanTable(t.schema() + "." + t.table(), t.liveRows(), t.seqScans(),
                        t.indexScans(), Math.round(t.indexScanPercent() * 10) / 10.0))
                .toList();
    }
}
