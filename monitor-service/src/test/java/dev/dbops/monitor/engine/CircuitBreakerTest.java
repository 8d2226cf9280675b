package dev.dbops.monitor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void opensAfterConsecutiveFailuresAndBacksOffExponentiallyUpToTheMaximum() {
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(15), Duration.ofSeconds(50));
        breaker.failure(T0);
        breaker.failure(T0.plusSeconds(15));
        assertThat(breaker.allowsAttempt(T0.plusSeconds(30))).isTrue();
        breaker.failure(T0.plusSeconds(30));
        assertThat(breaker.state(T0.plusSeconds(31))).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowsAttempt(T0.plusSeconds(44))).isFalse();
        assertThat(breaker.allowsAttempt(T0.plusSeconds(45))).isTrue();
        assertThat(breaker.state(T0.plusSeconds(45))).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.failure(T0.plusSeconds(45));          // failed trial: 30 s
        assertThat(breaker.allowsAttempt(T0.plusSeconds(74))).isFalse();
        assertThat(breaker.allowsAttempt(T0.plusSeconds(75))).isTrue();
        breaker.failure(T0.plusSeconds(75));          // 60 s, capped at 50
        assertThat(breaker.allowsAttempt(T0.plusSeconds(124))).isFalse();
        assertThat(breaker.allowsAttempt(T0.plusSeconds(125))).isTrue();
        assertThat(breaker.consecutiveFailures()).isEqualTo(5);
    }

    @Test
    void aSuccessClosesItAndResetsTheBackoff() {
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(10), Duration.ofMinutes(2));
        breaker.failure(T0);
        breaker.failure(T0.plusSeconds(10));
        breaker.success();
        assertThat(breaker.state(T0.plusSeconds(11))).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        breaker.failure(T0.plusSeconds(20));
        assertThat(breaker.allowsAttempt(T0.plusSeconds(30))).isTrue();
    }
}
