package dev.dbops.monitor.statements;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Slow queries per hour on one target: the calls of every statement window that was slow, over the last hour
 * (three executions of a 1.2 s statement count three). Not thread-safe: one poll of a target at a time.
 */
public final class SlowQueryTally {

    private static final Duration HOUR = Duration.ofHours(1);

    private record Entry(Instant at, long calls) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    public synchronized void add(Instant at, long calls) {
        entries.addLast(new Entry(at, calls));
    }

    public synchronized long lastHour(Instant now) {
        Instant horizon = now.minus(HOUR);
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(horizon)) {
            entries.removeFirst();
        }
        return entries.stream().mapToLong(Entry::calls).sum();
    }
}
