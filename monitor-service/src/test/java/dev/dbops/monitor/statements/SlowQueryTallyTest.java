package dev.dbops.monitor.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlowQueryTallyTest {

    @Test
    void countsTheSlowCallsOfTheLastHour() {
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        SlowQueryTally tally = new SlowQueryTally();
        tally.add(t0, 3);
        tally.add(t0.plusSeconds(1800), 10);
        assertThat(tally.lastHour(t0.plusSeconds(1800))).isEqualTo(13);
        assertThat(tally.lastHour(t0.plusSeconds(3600))).isEqualTo(10);
        assertThat(tally.lastHour(t0.plusSeconds(5400))).isZero();
    }
}
