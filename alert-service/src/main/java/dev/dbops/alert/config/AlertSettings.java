package dev.dbops.alert.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything configured under {@code dbops.alert}, as written: the domain packages turn it into their
 * own types (the routing tree, inhibit rules, receivers).
 *
 * @param route the routing tree, Alertmanager's {@code route}
 * @param receivers receivers by name
 * @param fallbackReceiver takes over a delivery whose receiver used up its retry budget or refused it
 * @param externalUrl where people reach this service: the webhook's externalURL, and the base of the
 *        generatorURL of dbops's own alerts (their history)
 * @param instanceId this instance's stable name in its Kafka consumer group (group.instance.id): one per
 *        instance, the same across its restarts; unset, the host name and server port
 */
@ConfigurationProperties("dbops.alert")
public record AlertSettings(@Nullable RouteConfig route, @DefaultValue Map<String, ReceiverConfig> receivers,
        @Nullable String fallbackReceiver, @DefaultValue Delivery delivery,
        @DefaultValue("http://localhost:8084") String externalUrl, @DefaultValue Inhibition inhibition,
        @DefaultValue Intake intake, @Nullable String instanceId) {

    /**
     * One node of the routing tree as configured, matchers written as Alertmanager writes them
     * ({@code severity="critical"}, {@code rule=~"lock.*"}); unset settings are inherited from the parent.
     * A bean rather than a record so that it can take Alertmanager's {@code continue}.
     */
    public static class RouteConfig {
        private @Nullable String receiver;
        private List<String> matchers = new ArrayList<>();
        private @Nullable List<String> groupBy;
        private @Nullable Duration groupWait;
        private @Nullable Duration groupInterval;
        private @Nullable Duration repeatInterval;
        private boolean continueMatching;
        private List<RouteConfig> routes = new ArrayList<>();

        public RouteConfig() {
        }

        public RouteConfig(String receiver, List<String> matchers, boolean continueMatching, RouteConfig... routes) {
            this.receiver = receiver;
            this.matchers = new ArrayList<>(matchers);
            this.continueMatching = continueMatching;
            this.routes = new ArrayList<>(List.of(routes));
        }

        public @Nullable String getReceiver() { return receiver; }
        public void setReceiver(@Nullable String receiver) { this.receiver = receiver; }
        public List<String> getMatchers() { return matchers; }
        public void setMatchers(List<String> matchers) { this.matchers = matchers; }
        public @Nullable List<String> getGroupBy() { return groupBy; }
        public void setGroupBy(@Nullable List<String> groupBy) { this.groupBy = groupBy; }
        public @Nullable Duration getGroupWait() { return groupWait; }
        public void setGroupWait(@Nullable Duration groupWait) { this.groupWait = groupWait; }
        public @Nullable Duration getGroupInterval() { return groupInterval; }
        public void setGroupInterval(@Nullable Duration groupInterval) { this.groupInterval = groupInterval; }
        public @Nullable Duration getRepeatInterval() { return repeatInterval; }
        public void setRepeatInterval(@Nullable Duration repeatInterval) { this.repeatInterval = repeatInterval; }
        /** Alertmanager's {@code continue}: after this route matched, try its later siblings too. */
        public boolean isContinue() { return continueMatching; }
        public void setContinue(boolean continueMatching) { this.continueMatching = continueMatching; }
        public List<RouteConfig> getRoutes() { return routes; }
        public void setRoutes(List<RouteConfig> routes) { this.routes = routes; }
    }

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

    /**
     * Inhibit rules (Alertmanager's inhibit_rules, matchers in its syntax) and the migration window.
     *
     * @param rules the defaults (application.yml): a critical inhibits the warning of the same rule on the
     *        same target; a {@code target.reachable} breach inhibits every other alert of its target
     */
    public record Inhibition(@DefaultValue List<RuleConfig> rules, @DefaultValue Window migrationWindow) {

        public record RuleConfig(@DefaultValue List<String> sourceMatchers, @DefaultValue List<String> targetMatchers,
                @DefaultValue List<String> equal) {
        }

        /**
         * @param expected matchers of the alerts a running migration is expected to cause on its target
         * @param overrun how long after its start a migration may run before its alerts are released anyway
         * @param settle how long after it completed the alerts stay held (their resolve is on its way)
         */
        public record Window(@DefaultValue("true") boolean enabled, @DefaultValue List<String> expected,
                @DefaultValue("30m") Duration overrun, @DefaultValue("2m") Duration settle) {
        }
    }

    /**
     * How events become alerts.
     *
     * @param runbookUrlTemplate the runbook link of a rule without its own entry; {@code {rule}} is replaced
     * @param runbooks runbook links per rule (write dotted rule names as {@code "[replication.lag]"})
     * @param resolveTimeout alerts whose source never says they resolved (slow queries) resolve after this
     *        long without a new event, as Alertmanager's resolve_timeout
     * @param concurrency listener threads, each applying its polls one transaction at a time
     */
    public record Intake(@DefaultValue("https://runbooks.example.com/dbops/{rule}") String runbookUrlTemplate,
            @DefaultValue Map<String, String> runbooks, @DefaultValue("30m") Duration resolveTimeout,
            @DefaultValue("2") int concurrency) {

        public String runbookFor(String rule) {
            return runbooks.getOrDefault(rule, runbookUrlTemplate.replace("{rule}", rule));
        }
    }
}
