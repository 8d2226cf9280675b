package dev.dbops.monitor.indexes;

import java.time.Instant;
import java.util.List;

/** The index health of one target at one moment. */
public record IndexReport(String target, Instant checkedAt, List<Unused> unused, List<Duplicate> duplicates,
        List<UnindexedForeignKey> unindexedForeignKeys, List<SeqScanTable> seqScanTables) {

    public record Unused(String table, String index, long sizeBytes) {
    }

    /** {@code index} is covered by {@code coveredBy}: same method, expressions and predicate, a column prefix. */
    public record Duplicate(String table, String index, String coveredBy, long sizeBytes) {
    }

    public record UnindexedForeignKey(String table, String constraint, String definition) {
    }

    public record SeqScanTable(String table, long liveRows, long seqScans, long indexScans,
            double indexScanPercent) {
    }
}
