package dev.dbops.infra.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts one scenario's events and deliveries against what it expects: lost = an expected one never
 * seen; duplicated = one seen more than once (the same fact published twice, or the same notification
 * accepted twice by a receiver). Prints one summary line per scenario and fails on any loss or duplicate.
 */
final class Tally {

    private final String scenario;
    private final Set<String> expectedEvents = new LinkedHashSet<>();
    private final Set<String> expectedDeliveries = new LinkedHashSet<>();
    private final List<String> events = new ArrayList<>();
    private final List<String> deliveries = new ArrayList<>();
    private final Set<String> ceIds = new HashSet<>();
    private int resent;

    Tally(String scenario) {
        this.scenario = scenario;
    }

    /** The identity of a fact: its type, target and what it is about (request, backup, rule, query, delivery). */
    static String identity(Event e) {
        if (e.topic().endsWith("-dlt")) {
            return "dead-letter " + e.topic() + " " + e.id();
        }
        String type = e.type().replaceFirst("^dev\\.dbops\\.", "").replaceFirst("\\.v1$", "");
        String about;
        if (!e.field("requestId").isEmpty()) {
            about = e.field("requestId");
        } else if (!e.field("backupId").isEmpty()) {
            about = e.field("backupId");
        } else if (!e.field("fingerprint").isEmpty()) {
            about = e.field("receiver") + ":" + e.field("fingerprint") + ":" + e.field("status");
        } else if (!e.field("queryId").isEmpty()) {
            about = e.field("queryId");
        } else {
            about = e.field("rule") + ":" + e.field("severity");
        }
        return type + " " + e.key() + " " + about;
    }

    Tally expectEvent(Event e) {
        expectedEvents.add(identity(e));
        return this;
    }

    Tally expectEvents(Collection<Event> es) {
        es.forEach(this::expectEvent);
        return this;
    }

    /** Expects a fact known only by its identity (one that may never have been published). */
    Tally expectEvent(String identity) {
        expectedEvents.add(identity);
        return this;
    }

    /** Expects a delivery with this receiver key (see {@link Receiver}). */
    Tally expectDelivery(String receiver, String key) {
        expectedDeliveries.add(receiver + " " + key);
        return this;
    }

    /**
     * The same record sent again (same ce_id, at another offset: an outbox relay that died between send and
     * delete) is at-least-once delivery, which consumers absorb by ce_id: counted as re-sent, not duplicated.
     */
    Tally observeEvents(Collection<Event> es) {
        for (Event e : es) {
            if (ceIds.add(e.topic() + " " + e.id())) {
                events.add(identity(e));
            } else {
                resent++;
            }
        }
        return this;
    }

    Tally observeDeliveries(Receiver receiver, Collection<Receiver.Request> accepted) {
        accepted.forEach(r -> deliveries.add(receiver.name + " " + r.key()));
        return this;
    }

    /** Prints the summary line and asserts nothing was lost and nothing duplicated. */
    void verify() {
        Set<String> lostEvents = missing(expectedEvents, events);
        Set<String> lostDeliveries = missing(expectedDeliveries, deliveries);
        Map<String, Long> dupEvents = duplicates(events);
        Map<String, Long> dupDeliveries = duplicates(deliveries);
        long lost = lostEvents.size() + lostDeliveries.size();
        long duplicated = dupEvents.values().stream().mapToLong(n -> n - 1).sum()
                + dupDeliveries.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("SYSTEST %-22s events=%d (expected %d) deliveries=%d (expected %d) lost=%d duplicated=%d"
                + " re-sent=%d%s%n", scenario, events.size(), expectedEvents.size(), deliveries.size(),
                expectedDeliveries.size(), lost, duplicated, resent, unexpected());
        assertThat(lostEvents).as("%s: events lost", scenario).isEmpty();
        assertThat(lostDeliveries).as("%s: deliveries lost (seen: %s)", scenario, deliveries).isEmpty();
        assertThat(dupEvents).as("%s: events duplicated", scenario).isEmpty();
        assertThat(dupDeliveries).as("%s: deliveries duplicated", scenario).isEmpty();
    }

    /** Seen but not expected (an event or notification the scenario did not ask for, such as a slow migration step's). */
    private String unexpected() {
        Set<String> extra = new LinkedHashSet<>(events);
        extra.addAll(deliveries);
        extra.removeAll(expectedEvents);
        extra.removeAll(expectedDeliveries);
        return extra.isEmpty() ? "" : " also seen: " + extra;
    }

    private static Set<String> missing(Set<String> expected, List<String> seen) {
        Set<String> missing = new LinkedHashSet<>(expected);
        seen.forEach(missing::remove);
        return missing;
    }

    private static Map<String, Long> duplicates(List<String> seen) {
        return seen.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
