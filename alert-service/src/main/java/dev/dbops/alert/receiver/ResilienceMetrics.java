package dev.dbops.alert.receiver;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Resilience4j's own metrics of every enabled receiver, tagged {@code name} = receiver: circuit breaker state
 * and calls, retry calls, rate limiter permissions.
 */
@Component
class ResilienceMetrics implements MeterBinder {

    private final Receivers receivers;

    ResilienceMetrics(Receivers receivers) {
        this.receivers = receivers;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ResilientReceiver.Guards guards = receivers.guards();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(guards.circuitBreakers()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(guards.retries()).bindTo(registry);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(guards.rateLimiters()).bindTo(registry);
    }
}
