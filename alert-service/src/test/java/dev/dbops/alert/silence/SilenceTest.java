package dev.dbops.alert.silence;

import static dev.dbops.alert.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.alert.model.Labels;
import dev.dbops.alert.model.Matcher;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SilenceTest {

    static Silence silence(String... matchers) {
        return new Silence(UUID.randomUUID(), List.of(matchers).stream().map(Matcher::parse).toList(), T0,
                T0.plusSeconds(3600), "alice", "maintenance", T0);
    }

    static final Labels ORDERS_LAG = Labels.of("target", "orders", "rule", "replication.lag", "severity", "critical");

    @Test
    void mutesWhatAllItsMatchersMatchWhileActive() {
        Silence silence = silence("target=\"orders\"", "rule=~\"replication.*\"");
        assertThat(silence.mutes(ORDERS_LAG, T0.plusSeconds(10))).isTrue();
        assertThat(silence.mutes(Labels.of("target", "orders", "rule", "lock.waits"), T0.plusSeconds(10))).isFalse();
        assertThat(silence.mutes(Labels.of("target", "billing", "rule", "replication.lag"), T0.plusSeconds(10)))
                .isFalse();
    }

    @Test
    void isPendingThenActiveThenExpired() {
        Silence silence = silence("target=\"orders\"");
        assertThat(silence.state(T0.minusSeconds(1))).isEqualTo("pending");
        assertThat(silence.mutes(ORDERS_LAG, T0.minusSeconds(1))).isFalse();
        assertThat(silence.state(T0)).isEqualTo("active");
        assertThat(silence.state(T0.plusSeconds(3600))).isEqualTo("expired");
        assertThat(silence.mutes(ORDERS_LAG, T0.plusSeconds(3600))).isFalse();
    }

    @Test
    void needsMatchersAndAnEndAfterItsStart() {
        assertThatThrownBy(() -> new Silence(UUID.randomUUID(), List.of(), T0, T0.plusSeconds(1), "a", "b", T0))
                .hasMessageContaining("matcher");
        assertThatThrownBy(() -> new Silence(UUID.randomUUID(), List.of(Matcher.parse("a=b")), T0, T0, "a", "b", T0))
                .hasMessageContaining("end after");
    }
}
