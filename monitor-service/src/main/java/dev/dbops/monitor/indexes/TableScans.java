package dev.dbops.monitor.indexes;

/** A table's scan counters since the statistics were reset. */
public record TableScans(String schema, String table, long seqScans, long indexScans, long liveRows) {

    /** The share of scans that used an index, in percent (0 when only sequential scans ran). */
    public double indexScanPercent() {
        long all = seqScans + indexScans;
        return all == 0 ? 100 : 100.0 * indexScans / all;
    }
}
