package dev.dbops.monitor.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementDeltasTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(15);
    private static final StatementKey A = new StatementKey(1, 10, 100, true);
    private static final StatementKey B = new StatementKey(2, 10, 100, true);
    private static final StatementKey A_OTHER_USER = new StatementKey(1, 11, 100, true);

    private static StatementSnapshot snapshot(Instant at, Instant reset, long dealloc, Object... entries) {
        Map<StatementKey, Counters> map = new HashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((StatementKey) entries[i], (Counters) entries[i + 1]);
        }
        return new StatementSnapshot(at, reset, dealloc, map);
    }

    private static StatementDelta delta(StatementWindow window, StatementKey key) {
        return window.deltas().stream().filter(d -> d.key().equals(key)).findFirst().orElse(null);
    }

    @Test
    void theWindowIsTheDifferenceOfTheCounters() {
        StatementWindow w = StatementDeltas.between(
                snapshot(T0, T0.minusSeconds(999), 0, A, Counters.of(100, 1000, 100, 2), B, Counters.of(5, 5, 5, 0)),
                snapshot(T1, T0.minusSeconds(999), 0, A, Counters.of(103, 4600, 106, 5), B, Counters.of(5, 5, 5, 0)));
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.end()).isEqualTo(T1);
        assertThat(w.deltas()).as("B did not run in the window").hasSize(1);
        StatementDelta a = delta(w, A);
        assertThat(a.calls()).isEqualTo(3);
        assertThat(a.totalMs()).isCloseTo(3600, within(1e-6));
        assertThat(a.meanMs()).isCloseTo(1200, within(1e-6));
        assertThat(a.rows()).isEqualTo(6);
        assertThat(w.firstSeen()).isZero();
        assertThat(w.evicted()).isZero();
        assertThat(w.statsReset()).isFalse();
    }

    @Test
    void theWindowsStddevIsRecoveredFromTheCumulativeOnes() {
        // 4 calls of 10 ms, then 2 calls of 20 and 40 ms: the window's mean is 30, its stddev 10.
        Counters before = Counters.of(4, 40, 4, 0);
        double mean = (40 + 60) / 6.0;
        double variance = (4 * 100 + 400 + 1600) / 6.0 - mean * mean;
        Counters after = Counters.of(6, 100, 6, Math.sqrt(variance));
        StatementWindow w = StatementDeltas.between(snapshot(T0, null, 0, A, before), snapshot(T1, null, 0, A, after));
        assertThat(delta(w, A).meanMs()).isCloseTo(30, within(1e-9));
        assertThat(delta(w, A).stddevMs()).isCloseTo(10, within(1e-6));
    }

    @Test
    void aStatementSeenForTheFirstTimeCountsWhole() {
        StatementWindow w = StatementDeltas.between(snapshot(T0, null, 0, A, Counters.of(1, 1, 1, 0)),
                snapshot(T1, null, 0, A, Counters.of(1, 1, 1, 0), B, Counters.of(3, 3600, 3, 0)));
        assertThat(delta(w, B).calls()).isEqualTo(3);
        assertThat(delta(w, B).meanMs()).isEqualTo(1200);
        assertThat(w.firstSeen()).isEqualTo(1);
    }

    @Test
    void anEvictedStatementIsCountedAndNeverGivesANegativeDelta() {
        StatementWindow w = StatementDeltas.between(
                snapshot(T0, null, 7, A, Counters.of(50, 50, 50, 0), B, Counters.of(9, 9, 9, 0)),
                snapshot(T1, null, 8, A, Counters.of(52, 52, 52, 0)));
        assertThat(w.evicted()).isEqualTo(1);
        assertThat(w.deallocated()).isEqualTo(1);
        assertThat(w.deltas()).extracting(StatementDelta::key).containsExactly(A);
    }

    @Test
    void anEvictedStatementThatCameBackCountsOnlySinceItCameBack() {
        // Evicted after T0 and re-added: its counters restarted below the earlier ones.
        StatementWindow w = StatementDeltas.between(snapshot(T0, null, 3, A, Counters.of(500, 5000, 500, 0)),
                snapshot(T1, null, 4, A, Counters.of(2, 2400, 2, 0)));
        assertThat(delta(w, A).calls()).isEqualTo(2);
        assertThat(delta(w, A).meanMs()).isEqualTo(1200);
        assertThat(w.restarted()).isEqualTo(1);
    }

    @Test
    void aStatsResetStartsTheWindowAtTheResetAndTakesTheCountersWhole() {
        Instant reset = T0.plusSeconds(5);
        StatementWindow w = StatementDeltas.between(
                snapshot(T0, T0.minusSeconds(3600), 40, A, Counters.of(1000, 1000, 1000, 0), B, Counters.of(7, 7, 7, 0)),
                snapshot(T1, reset, 0, A, Counters.of(4, 4, 4, 0)));
        assertThat(w.statsReset()).isTrue();
        assertThat(w.start()).isEqualTo(reset);
        assertThat(delta(w, A).calls()).isEqualTo(4);
        assertThat(w.evicted()).as("not evictions: the reset emptied the view").isZero();
        assertThat(w.firstSeen()).isZero();
    }

    @Test
    void entriesOfOneQueryForDifferentUsersStayApart() {
        StatementWindow w = StatementDeltas.between(
                snapshot(T0, null, 0, A, Counters.of(1, 1, 1, 0), A_OTHER_USER, Counters.of(1, 1, 1, 0)),
                snapshot(T1, null, 0, A, Counters.of(2, 2, 2, 0), A_OTHER_USER, Counters.of(3, 3, 3, 0)));
        assertThat(delta(w, A).calls()).isEqualTo(1);
        assertThat(delta(w, A_OTHER_USER).calls()).isEqualTo(2);
        assertThat(w.calls()).isEqualTo(3);
    }
}
