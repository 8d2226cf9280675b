package dev.dbops.monitor.statements;

/** What one entry did within a window. */
public record StatementDelta(StatementKey key, long calls, double totalMs, long rows, double sumSquaresMs) {

    static StatementDelta of(StatementKey key, Counters counters) {
        return new StatementDelta(key, counters.calls(), counters.totalMs(), counters.rows(), counters.sumSquaresMs());
    }

    public double meanMs() {
        return calls == 0 ? 0 : totalMs / calls;
    }

    /** The window's population standard deviation; never negative despite rounding. */
    public double stddevMs() {
        if (calls == 0) {
            return 0;
        }
        double mean = meanMs();
        return Math.sqrt(Math.max(0, sumSquaresMs / calls - mean * mean));
    }
}
