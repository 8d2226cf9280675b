package dev.dbops.alert.receiver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Receivers by name, the fallback receiver, and how deliveries are retried.
 *
 * @param fallbackReceiver takes over a delivery whose receiver used up its retry budget or refused it
 * @param externalUrl where people reach this service: the webhook's externalURL, and the base of the
 *        generatorURL of dbops's own alerts (their history)
 */
@ConfigurationProperties("dbops.alert")
public record ReceiverProperties(@DefaultValue Map<String, ReceiverConfig> receivers,
        @Nullable String fallbackReceiver, @DefaultValue Delivery delivery,
        @DefaultValue("http://localhost:8084") String externalUrl) {

    /**
     * One receiver. A receiver without its URL (or routing key, or SMTP host) is disabled: routes to it
     * write no deliveries, and the health endpoint says why.
     *
     * @param type pagerduty, slack, email or webhook
     * @param url the events endpoint (pagerduty), the incoming-webhook URL (slack) or the webhook URL
     * @param ratePerSecond at most this many messages per second (Slack allows one per webhook); 0: unlimited
     * @param threads workers sending to this receiver at once in each instance
     * @param maxAlerts webhook: at most this many alerts per message, the rest counted in truncatedAlerts
     *        (Alertmanager's max_alerts); 0: all
     */
    public record ReceiverConfig(String type, @Nullable String url, @Nullable String routingKey,
            @DefaultValue List<String> to, @DefaultValue("dbops@localhost") String from,
            @DefaultValue("true") boolean sendResolved, @DefaultValue("0") double ratePerSecond,
            @DefaultValue("2") int threads, @DefaultValue("10s") Duration timeout,
            @DefaultValue Map<String, String> headers, @DefaultValue Resilience resilience,
            @DefaultValue("0") int maxAlerts) {
    }

    /**
     * Resilience4j settings of one receiver.
     *
     * @param inlineAttempts attempts within one claim (Resilience4j Retry), back-off doubling from
     *        {@code inlineBackoff}; a Retry-After longer than {@code maxInlineWait} ends the claim instead
     * @param failureRate the circuit opens when this share of the last {@code window} calls failed
     * @param openFor how long an open circuit refuses calls before it tries again
     */
    public record Resilience(@DefaultValue("3") int inlineAttempts, @DefaultValue("500ms") Duration inlineBackoff,
            @DefaultValue("10s") Duration maxInlineWait, @DefaultValue("50") float failureRate,
            @DefaultValue("20") int window, @DefaultValue("30s") Duration openFor) {
    }

    /**
     * The persisted side of delivery.
     *
     * @param maxAttempts the retry budget: calls that reached the receiver, across claims and restarts (a try an open circuit or the rate limiter held back spends none)
     * @param backoff wait before the next claim after a failed one, doubling up to {@code maxBackoff}
     * @param lease a claimed delivery another instance may take over after this long (a crashed sender)
     * @param pollInterval how often idle workers look for due deliveries (new ones wake them at once)
     * @param enabled false for an instance that only takes events in and leaves sending to others
     */
    public record Delivery(@DefaultValue("true") boolean enabled, @DefaultValue("10") int maxAttempts, @DefaultValue("5s") Duration backoff,
            @DefaultValue("5m") Duration maxBackoff, @DefaultValue("2m") Duration lease,
            @DefaultValue("500ms") Duration pollInterval, @DefaultValue("20") int batchSize,
            @DefaultValue("2s") Duration sweepInterval) {

        /**
         * The wait before the next claim: doubling per claim from {@code backoff}, at least as long as the
         * receiver asked for, and never longer than {@code maxBackoff}: a receiver cannot defer a
         * notification for longer than that.
         */
        public Duration nextTry(int attempts, @Nullable Duration retryAfter) {
            int claims = Math.max(1, attempts);
            Duration exponential = backoff.multipliedBy(1L << Math.min(20, claims - 1));
            Duration wait = retryAfter != null && retryAfter.compareTo(exponential) > 0 ? retryAfter : exponential;
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }
}
