package dev.dbops.alert.inhibit;

import static dev.dbops.alert.Fixtures.T0;
import static dev.dbops.alert.Fixtures.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.model.Matcher;
import dev.dbops.common.event.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationWindowTest {

    static final List<Matcher> EXPECTED = List.of(Matcher.parse("rule=~\".*(lock|latency|slow-query).*\""));
    static final MigrationWindow WINDOW = new MigrationWindow("orders", "r1", T0, T0.plusSeconds(1800));

    @Test
    void holdsTheExpectedAlertsOfItsTargetWhileItRuns() {
        assertThat(WINDOW.holds(firing("orders", "lock.waits", Severity.WARNING), EXPECTED, T0.plusSeconds(60))).isTrue();
        assertThat(WINDOW.holds(firing("orders", "latency.p99", Severity.CRITICAL), EXPECTED, T0.plusSeconds(60))).isTrue();
    }

    @Test
    void holdsNothingElse() {
        assertThat(WINDOW.holds(firing("orders", "replication.lag", Severity.CRITICAL), EXPECTED, T0.plusSeconds(60)))
                .isFalse();
        assertThat(WINDOW.holds(firing("billing", "lock.waits", Severity.WARNING), EXPECTED, T0.plusSeconds(60)))
                .isFalse();
        assertThat(WINDOW.holds(firing("orders", "lock.waits", Severity.WARNING), List.of(), T0.plusSeconds(60)))
                .isFalse();
    }

    @Test
    void releasesWhenTheHoldEnds() {
        assertThat(WINDOW.holds(firing("orders", "lock.waits", Severity.WARNING), EXPECTED, T0.plusSeconds(1800)))
                .isFalse();
    }
}
