package dev.dbops.alert.engine;

import dev.dbops.alert.receiver.Receivers;
import dev.dbops.alert.store.DeliveryStore.Backlog;
import dev.dbops.alert.store.DeliveryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The delivery queue as operators watch it, per receiver (tags {@code receiver} and its {@code type}):
 * the backlog and the wait of its oldest due delivery as gauges read at scrape time, outcomes recorded
 * as a counter, and the latency from a delivery's due time to the receiver's acceptance.
 */
@Component
class DeliveryMetrics {

    /** One query serves every gauge of a scrape. */
    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    private final DeliveryStore deliveries;
    private final Receivers receivers;
    private final MeterRegistry registry;
    private final Clock clock;
    private @Nullable Snapshot snapshot;

    private record Snapshot(Instant at, @Nullable Map<String, Backlog> backlogs) {
    }

    DeliveryMetrics(DeliveryStore deliveries, Receivers receivers, MeterRegistry registry, Clock clock) {
        this.deliveries = deliveries;
        this.receivers = receivers;
        this.registry = registry;
        this.clock = clock;
        receivers.configs().keySet().forEach(receiver -> {
            gauge("dbops.alert.deliveries.pending", receiver, Backlog::pending, null,
                    "Deliveries not yet accepted by the receiver: due, being sent, or retrying");
            gauge("dbops.alert.deliveries.oldest.due.age", receiver, Backlog::oldestDueSeconds, "seconds",
                    "How long the longest-waiting due delivery has waited for its attempt");
        });
    }

    private void gauge(String name, String receiver, ToDoubleFunction<Backlog> value, @Nullable String unit,
            String description) {
        Gauge.builder(name, () -> {
            Map<String, Backlog> backlogs = backlogs();
            // NaN while the platform database cannot be read, so an outage is not mistaken for an empty queue
            return backlogs == null ? Double.NaN
                    : value.applyAsDouble(backlogs.getOrDefault(receiver, new Backlog(0, 0)));
        }).tags("receiver", receiver, "type", type(receiver)).baseUnit(unit).description(description)
                .register(registry);
    }

    private synchronized @Nullable Map<String, Backlog> backlogs() {
        Instant now = clock.instant();
        if (snapshot == null || snapshot.at().plus(SNAPSHOT_AGE).isBefore(now)) {
            Map<String, Backlog> read;
            try {
                read = deliveries.backlogs(now);
            } catch (DataAccessException unreadable) {
                read = null;
            }
            snapshot = new Snapshot(now, read);
        }
        return snapshot.backlogs();
    }

    /** A recorded outcome: delivered, retry or failed, as the delivery's status says. */
    void recorded(String receiver, String outcome) {
        Counter.builder("dbops.alert.deliveries").description("Delivery outcomes recorded")
                .tags("receiver", receiver, "type", type(receiver), "outcome", outcome).register(registry)
                .increment();
    }

    /** A receiver accepted a delivery {@code latency} after it became due. */
    void accepted(String receiver, Duration latency) {
        Timer.builder("dbops.alert.delivery.latency")
                .description("From a delivery's due time to the receiver's acceptance")
                .tags("receiver", receiver, "type", type(receiver))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private String type(String receiver) {
        var config = receivers.configs().get(receiver);
        return config == null || config.type() == null ? "unknown" : config.type();
    }
}
