package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.awaitDelivery;
import static dev.dbops.infra.system.DbopsSystemIT.observeDeliveries;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack answers 429 with an absurd Retry-After ({@code Infinity}, {@code 1e16}, {@code -5}, a year) to some
 * notifications, among others it accepts at once: the others go out at their first attempt, and each
 * refused one is tried again within the back-off maximum (2 s in this stack, never what the receiver asked
 * for) and delivered once the receiver accepts it.
 */
final class AbsurdRetryAfter {

    static final String TARGET = "throttled";
    // the back-off maximum of this stack (dbops.alert.delivery.max-backoff) is 2 s; the bound leaves room for
    // a loaded machine and is still far below any wait the receiver asked for
    private static final Duration RETRIED_WITHIN = Duration.ofSeconds(20);

    private final Stack stack;

    AbsurdRetryAfter(Stack stack) {
        this.stack = stack;
    }

    void run() {
        // rule -> {Retry-After, how many 429s}; 8 refusals in all keep Slack's circuit breaker (50 % of 20) closed
        Map<String, String[]> throttled = new LinkedHashMap<>();
        throttled.put("systest.retry-infinity", new String[] {"Infinity", "3"});
        throttled.put("systest.retry-1e16", new String[] {"1e16", "2"});
        throttled.put("systest.retry-negative", new String[] {"-5", "1"});
        throttled.put("systest.retry-a-year", new String[] {"31536000", "2"});
        List<String> accepted = List.of("systest.plain-1", "systest.plain-2", "systest.plain-3");
        throttled.forEach((rule, answer) -> stack.slack.throttle(key(rule), answer[0], Integer.parseInt(answer[1])));

        List<String> rules = new ArrayList<>(throttled.keySet());
        for (int i = 0; i < accepted.size(); i++) {
            rules.add(2 * i + 1, accepted.get(i));
        }
        for (String rule : rules) {
            stack.producer.send(MONITOR_EVENTS, TARGET, "ThresholdBreached", """
                    {"target":"%s","rule":"%s","severity":"info","value":1,"threshold":0,"unit":"x",\
                    "since":"%s","details":{}}""".formatted(TARGET, rule, Instant.now()));
        }

        Tally tally = new Tally("absurd-retry-after");
        rules.forEach(rule -> tally.expectDelivery("slack", awaitDelivery(stack.slack, key(rule))));
        settle();
        for (String rule : accepted) {
            assertThat(stack.slack.all(key(rule))).as("requests for %s (accepted at the first)", rule).hasSize(1);
        }
        StringBuilder gaps = new StringBuilder();
        throttled.forEach((rule, answer) -> {
            List<Receiver.Request> tries = stack.slack.all(key(rule));
            assertThat(tries).as("requests for %s", rule).extracting(Receiver.Request::status)
                    .filteredOn(status -> status == 429).hasSize(Integer.parseInt(answer[1]));
            Duration longest = Duration.ZERO;
            for (int i = 1; i < tries.size(); i++) {
                Duration gap = Duration.between(tries.get(i - 1).at(), tries.get(i).at());
                longest = gap.compareTo(longest) > 0 ? gap : longest;
            }
            assertThat(longest).as("longest wait between tries of %s (Retry-After %s)", rule, answer[0])
                    .isLessThan(RETRIED_WITHIN);
            gaps.append(' ').append(answer[0]).append('=').append(tries.size()).append(" tries/")
                    .append(longest.toMillis()).append("ms");
        });
        System.out.println("SYSTEST absurd-retry-after" + gaps);
        observeDeliveries(tally, TARGET);
        tally.verify();
    }

    /** The Slack notification of the rule's breach (Receiver's key). */
    private static String key(String rule) {
        return "FIRING info · " + TARGET + " · " + rule;
    }
}
