package dev.dbops.monitor.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyEstimateTest {

    /** A delta with the given calls, mean and stddev. */
    private static StatementDelta statement(long id, boolean toplevel, long calls, double mean, double sd) {
        return new StatementDelta(new StatementKey(id, 1, 1, toplevel), calls, calls * mean, calls,
                calls * (sd * sd + mean * mean));
    }

    @Test
    void oneStatementIsMeanPlus1645StandardDeviations() {
        double p95 = LatencyEstimate.p95(List.of(statement(1, true, 100, 200, 50))).getAsDouble();
        assertThat(p95).isCloseTo(200 + 1.6449 * 50, within(0.05));
    }

    @Test
    void identicalStatementsGiveTheSameEstimateAsOne() {
        double p95 = LatencyEstimate.p95(List.of(statement(1, true, 10, 200, 50), statement(2, true, 30, 200, 50)))
                .getAsDouble();
        assertThat(p95).isCloseTo(200 + 1.6449 * 50, within(0.05));
    }

    @Test
    void callsWeighTheMixture() {
        // 96 % of calls take 1 ms, 4 % take 1.2 s exactly: the 95th percentile is in the fast ones.
        double fast = LatencyEstimate.p95(List.of(statement(1, true, 96, 1, 0), statement(2, true, 4, 1200, 0)))
                .getAsDouble();
        assertThat(fast).isCloseTo(1, within(0.01));
        // 10 % slow: it is 1.2 s.
        double slow = LatencyEstimate.p95(List.of(statement(1, true, 90, 1, 0), statement(2, true, 10, 1200, 0)))
                .getAsDouble();
        assertThat(slow).isCloseTo(1200, within(0.01));
    }

    @Test
    void nestedStatementsAreLeftOutAndAnEmptyWindowHasNoEstimate() {
        assertThat(LatencyEstimate.p95(List.of(statement(1, false, 100, 5000, 0)))).isEmpty();
        assertThat(LatencyEstimate.p95(List.of())).isEmpty();
        assertThat(LatencyEstimate.p95(List.of(statement(1, false, 100, 5000, 0), statement(2, true, 10, 3, 0)))
                .getAsDouble()).isCloseTo(3, within(0.01));
    }

    @Test
    void theEstimateIsNeverNegative() {
        assertThat(LatencyEstimate.p95(List.of(statement(1, true, 5, 0.01, 0.001))).getAsDouble()).isPositive();
    }

    @Test
    void erfIsAccurate() {
        assertThat(LatencyEstimate.erf(0)).isCloseTo(0, within(1e-7));
        assertThat(LatencyEstimate.erf(1)).isCloseTo(0.8427007929, within(2e-7));
        assertThat(LatencyEstimate.erf(-1)).isCloseTo(-0.8427007929, within(2e-7));
    }
}
