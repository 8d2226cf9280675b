package dev.dbops.monitor.statements;

/**
 * An entry's cumulative counters. {@code sumSquaresMs} is the sum of squared execution times, recovered from the
 * view's population stddev ({@code calls * (stddev² + mean²)}) so that a window's variance can be derived.
 */
public record Counters(long calls, double totalMs, long rows, double sumSquaresMs) {

    public static Counters of(long calls, double totalMs, long rows, double stddevMs) {
        double mean = calls == 0 ? 0 : totalMs / calls;
        return new Counters(calls, totalMs, rows, calls * (stddevMs * stddevMs + mean * mean));
    }

    Counters minus(Counters earlier) {
        return new Counters(calls - earlier.calls, totalMs - earlier.totalMs, rows - earlier.rows,
                sumSquaresMs - earlier.sumSquaresMs);
    }

    /** Whether these counters cannot have grown from {@code earlier}: the entry was reset or evicted and re-added. */
    boolean restartedSince(Counters earlier) {
        return calls < earlier.calls || totalMs < earlier.totalMs - 1e-6;
    }
}
