package dev.dbops.monitor.statements;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The p95 latency of a target's statements in a window, estimated from pg_stat_statements' means and standard
 * deviations (the view keeps no histogram). Each top-level statement is taken as normal with its window mean
 * and stddev, weighted by its calls; the estimate is the 95th percentile of that mixture, found by bisection.
 * For a single statement this is mean + 1.645·stddev. Nested statements (track = all) are left out: their
 * time is already inside their callers'.
 */
public final class LatencyEstimate {

    private LatencyEstimate() {
    }

    public static OptionalDouble p95(List<StatementDelta> deltas) {
        return quantile(deltas.stream().filter(d -> d.key().toplevel() && d.calls() > 0).toList(), 0.95);
    }

    static OptionalDouble quantile(List<StatementDelta> deltas, double q) {
        if (deltas.isEmpty()) {
            return OptionalDouble.empty();
        }
        int n = deltas.size();
        double[] mean = new double[n];
        double[] sd = new double[n];
        double[] weight = new double[n];
        double totalWeight = 0;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int i = 0; i < n; i++) {
            StatementDelta d = deltas.get(i);
            mean[i] = d.meanMs();
            sd[i] = d.stddevMs();
            weight[i] = d.calls();
            totalWeight += weight[i];
            lo = Math.min(lo, mean[i] - 8 * sd[i]);
            hi = Math.max(hi, mean[i] + 8 * sd[i]);
        }
        lo = Math.max(0, lo);
        for (int iteration = 0; iteration < 60 && hi - lo > 1e-3; iteration++) {
            double mid = (lo + hi) / 2;
            double below = 0;
            for (int i = 0; i < n; i++) {
                below += weight[i] * cdf(mid, mean[i], sd[i]);
            }
            if (below / totalWeight < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return OptionalDouble.of(hi);
    }

    private static double cdf(double x, double mean, double sd) {
        if (sd <= 0) {
            return x >= mean ? 1 : 0;
        }
        return 0.5 * (1 + erf((x - mean) / (sd * Math.sqrt(2))));
    }

    /** Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, plenty for a latency estimate. */
    static double erf(double x) {
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * a);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-a * a);
        return sign * y;
    }
}
