package dev.dbops.backup.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EstimateTest {

    @Test
    void rateIsBytesOverElapsedTime() {
        assertThat(Estimate.bytesPerSecond(10_000_000, Duration.ofSeconds(4))).isEqualTo(2_500_000);
        assertThat(Estimate.bytesPerSecond(10_000_000, Duration.ZERO)).isZero();
    }

    @Test
    void timeLeftAssumesTheRestGoesAsFast() {
        assertThat(Estimate.secondsLeft(25, 100L, Duration.ofSeconds(10))).isEqualTo(30);
        assertThat(Estimate.secondsLeft(100, 100L, Duration.ofSeconds(10))).isZero();
    }

    @Test
    void noTimeLeftWithoutAStartATotalOrPastAnEstimatedTotal() {
        assertThat(Estimate.secondsLeft(0, 100L, Duration.ofSeconds(10))).isNull();
        assertThat(Estimate.secondsLeft(25, null, Duration.ofSeconds(10))).isNull();
        assertThat(Estimate.secondsLeft(120, 100L, Duration.ofSeconds(10))).isNull();
    }
}
