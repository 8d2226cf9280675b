package dev.dbops.monitor.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowQueryDetectorTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static StatementDelta delta(long queryId, long userId, boolean toplevel, long calls, double totalMs,
            long rows) {
        return new StatementDelta(new StatementKey(queryId, userId, 1, toplevel), calls, totalMs, rows, 0);
    }

    private static StatementWindow window(StatementDelta... deltas) {
        return new StatementWindow(T0, T0.plusSeconds(15), List.of(deltas), 0, 0, 0, false, 0);
    }

    @Test
    void aStatementIsSlowWhenItsWindowMeanReachesTheThreshold() {
        List<SlowStatement> slow = SlowQueryDetector.slow(window(delta(1, 10, true, 3, 3600, 3),
                delta(2, 10, true, 2, 1999.98, 2), delta(3, 10, true, 1, 1000, 0)), 1000, 1);
        assertThat(slow).extracting(SlowStatement::queryId).containsExactly(1L, 3L);
        assertThat(slow.get(0).meanMs()).isEqualTo(1200);
        assertThat(slow.get(0).rowsPerCall()).isEqualTo(1);
    }

    @Test
    void minimumCallsApplyToTheQueryAcrossItsEntries() {
        StatementWindow w = window(delta(1, 10, true, 60, 60 * 25, 0), delta(1, 11, true, 50, 50 * 25, 0),
                delta(2, 10, true, 99, 99 * 30, 0));
        List<SlowStatement> pghero = SlowQueryDetector.slow(w, 20, 100);
        assertThat(pghero).singleElement().satisfies(s -> {
            assertThat(s.queryId()).isEqualTo(1);
            assertThat(s.calls()).isEqualTo(110);
            assertThat(s.keys()).hasSize(2);
        });
    }

    @Test
    void nothingRanNothingIsSlow() {
        assertThat(SlowQueryDetector.slow(window(), 1000, 1)).isEmpty();
    }
}
