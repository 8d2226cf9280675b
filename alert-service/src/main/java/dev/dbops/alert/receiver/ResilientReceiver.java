package dev.dbops.alert.receiver;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Notification;
import dev.dbops.alert.model.Outcome;
import dev.dbops.alert.model.Receiver;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A receiver behind Resilience4j: a rate limiter (Slack's one message per second), a circuit breaker
 * that stops hammering a receiver that is down, and a retry that backs off exponentially or as long
 * as Retry-After says. Only retryable outcomes are retried; a permanent refusal returns at once.
 */
public class ResilientReceiver {

    /** The last outcome and how many calls reached the receiver for it. */
    public record Attempts(Outcome outcome, int calls) {
    }

    /** Where the guards are kept: the receivers' registries, which resilience4j-micrometer reads metrics from. */
    public record Guards(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
            RateLimiterRegistry rateLimiters) {

        public static Guards standalone() {
            return new Guards(CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(),
                    RateLimiterRegistry.ofDefaults());
        }
    }

    private final Receiver receiver;
    private final AlertSettings.Resilience settings;
    private final RateLimiter rateLimiter;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;

    public ResilientReceiver(Receiver receiver, AlertSettings.Resilience settings, double ratePerSecond) {
        this(receiver, settings, ratePerSecond, Guards.standalone());
    }

    public ResilientReceiver(Receiver receiver, AlertSettings.Resilience settings, double ratePerSecond,
            Guards guards) {
        this.receiver = receiver;
        this.settings = settings;
        this.rateLimiter = ratePerSecond > 0 ? guards.rateLimiters().rateLimiter(receiver.name(),
                RateLimiterConfig.custom()
                        .limitForPeriod(Math.max(1, (int) Math.floor(ratePerSecond)))
                        .limitRefreshPeriod(Duration.ofNanos((long) (1e9 * Math.max(1, Math.floor(ratePerSecond))
                                / ratePerSecond)))
                        .timeoutDuration(Duration.ofMinutes(1)).build()) : null;
        this.circuitBreaker = guards.circuitBreakers().circuitBreaker(receiver.name(), CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRate())
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(Math.min(settings.window(), 10))
                .waitDurationInOpenState(settings.openFor())
                .recordResult(result -> result instanceof Outcome o && o.retryable())
                .build());
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(settings.inlineBackoff(), 2.0);
        this.retry = guards.retries().retry(receiver.name(), RetryConfig.<Outcome>custom()
                .maxAttempts(Math.max(1, settings.inlineAttempts()))
                .retryOnResult(o -> o.retryable() && (o.retryAfter() == null
                        || o.retryAfter().compareTo(settings.maxInlineWait()) <= 0))
                .retryOnException(e -> false)
                .intervalBiFunction((IntervalBiFunction<Outcome>) (attempt, either) -> {
                    if (either.isRight() && either.get().retryAfter() != null) {
                        return either.get().retryAfter().toMillis();
                    }
                    return backoff.apply(attempt);
                })
                .build());
    }

    public Receiver receiver() {
        return receiver;
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    public Attempts send(Notification notification) {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Outcome> call = () -> {
            if (rateLimiter != null && !rateLimiter.acquirePermission()) {
                return Outcome.retryable(0, "rate limit of " + receiver.name() + " not available in time",
                        Duration.ofSeconds(1));
            }
            calls.incrementAndGet();
            return receiver.send(notification);
        };
        Supplier<Outcome> guarded = () -> {
            try {
                return CircuitBreaker.decorateSupplier(circuitBreaker, call).get();
            } catch (CallNotPermittedException open) {
                return Outcome.retryable(0, "circuit open: " + receiver.name() + " failed too often recently",
                        settings.openFor());
            }
        };
        Outcome outcome = Retry.decorateSupplier(retry, guarded).get();
        return new Attempts(outcome, calls.get());
    }
}
