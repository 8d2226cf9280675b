package dev.dbops.alert.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsumerInstanceTest {

    @Test
    void aConfiguredNameWins() {
        assertThat(ConsumerInstance.resolve("alert-a", 8084, "vm")).isEqualTo("alert-a");
    }

    @Test
    void withoutOneTheHostAndPortNameTheInstanceTheSameAcrossRestarts() {
        assertThat(ConsumerInstance.resolve(null, 8084, "vm")).isEqualTo("vm-8084");
        assertThat(ConsumerInstance.resolve(" ", 8084, "db host.example")).isEqualTo("db_host.example-8084");
    }

    @Test
    void aRandomPortOrNoHostNameGivesNoNameRatherThanARandomOne() {
        assertThat(ConsumerInstance.resolve(null, 0, "vm")).isNull();
        assertThat(ConsumerInstance.resolve(null, 8084, null)).isNull();
    }

    @Test
    void aNameKafkaWouldRefuseStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> ConsumerInstance.resolve("alert a", 8084, "vm"))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("dbops.alert.instance-id 'alert a'");
    }
}
