package dev.dbops.migration.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.migration.config.MigrationSettings.Retries;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Retries retries = new Retries(10, Duration.ofMillis(500), 2.0, Duration.ofSeconds(60));

    @Test
    void doublesFromTheInitialPauseWithJitterBetweenHalfAndAll() {
        assertThat(Backoff.after(1, retries, () -> 0.0)).isEqualTo(Duration.ofMillis(250));
        assertThat(Backoff.after(1, retries, () -> 0.999999)).isEqualTo(Duration.ofMillis(500));
        assertThat(Backoff.after(3, retries, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(Backoff.after(3, retries, () -> 0.999999)).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void neverExceedsTheMaximum() {
        assertThat(Backoff.after(30, retries, () -> 0.999999)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Backoff.after(30, retries, () -> 0.0)).isEqualTo(Duration.ofSeconds(30));
    }
}
