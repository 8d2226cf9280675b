package dev.dbops.monitor.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops hammering a target that does not answer: after {@code failuresToOpen} consecutive failed polls the
 * circuit opens and polls skip the connection attempt until the back-off has passed (one poll interval, doubling
 * up to {@code maxBackoff}); then one poll tries again (half-open). Any success closes it.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failuresToOpen;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private int failures;
    private Duration backoff;
    private Instant openUntil;

    public CircuitBreaker(int failuresToOpen, Duration initialBackoff, Duration maxBackoff) {
        this.failuresToOpen = Math.max(1, failuresToOpen);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
        this.backoff = initialBackoff;
    }

    /** Whether a poll at {@code now} may try to reach the target. */
    public boolean allowsAttempt(Instant now) {
        return openUntil == null || !now.isBefore(openUntil);
    }

    public State state(Instant now) {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return now.isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    public void success() {
        failures = 0;
        openUntil = null;
        backoff = initialBackoff;
    }

    public void failure(Instant now) {
        failures++;
        if (openUntil != null) {
            // A failed trial: stay open, longer.
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            openUntil = now.plus(backoff);
        } else if (failures >= failuresToOpen) {
            openUntil = now.plus(backoff);
        }
    }

    public int consecutiveFailures() {
        return failures;
    }
}
