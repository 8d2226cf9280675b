package dev.dbops.monitor.engine;

import java.util.Arrays;

/**
 * Scheduling quality since start, for the fleet benchmark: how late polls started and how far the time between
 * two polls of a target strayed from its interval. Keeps the last {@value #CAPACITY} samples of each.
 */
public final class PollStats {

    static final int CAPACITY = 20_000;

    /** Milliseconds. */
    public record Summary(long samples, double p50, double p95, double p99, double max) {
    }

    private final long[] lagMicros = new long[CAPACITY];
    private final long[] deviationMicros = new long[CAPACITY];
    private long lags;
    private long deviations;
    private long skipped;
    private long withoutConnection;

    synchronized void started(long lateByNanos, long deviationNanos, boolean hasDeviation) {
        lagMicros[(int) (lags++ % CAPACITY)] = lateByNanos / 1000;
        if (hasDeviation) {
            deviationMicros[(int) (deviations++ % CAPACITY)] = deviationNanos / 1000;
        }
    }

    synchronized void skipped() {
        skipped++;
    }

    public synchronized Summary lag() {
        return summary(lagMicros, lags);
    }

    public synchronized Summary intervalDeviation() {
        return summary(deviationMicros, deviations);
    }

    synchronized void withoutConnection() {
        withoutConnection++;
    }

    public synchronized long skippedPolls() {
        return skipped;
    }

    /** Polls that got no connection slot (the monitor's bound per server or the server's own) and did not happen. */
    public synchronized long pollsWithoutConnection() {
        return withoutConnection;
    }

    private static Summary summary(long[] samples, long count) {
        int n = (int) Math.min(count, CAPACITY);
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return new Summary(count, at(sorted, 0.5), at(sorted, 0.95), at(sorted, 0.99), sorted[n - 1] / 1000.0);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
