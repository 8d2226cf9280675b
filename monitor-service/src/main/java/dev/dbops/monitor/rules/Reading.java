package dev.dbops.monitor.rules;

import java.util.Map;

/**
 * One measured value for a rule on a target, with what explains it (the worst table, the blocking chain). A rule
 * without a reading in a poll is not evaluated at all: an unreachable target neither opens nor clears its other
 * breaches, and a window without evidence (no statement ran) leaves the latency rule as it was.
 */
public record Reading(Rule rule, double value, Map<String, Object> details) {

    public Reading {
        details = Map.copyOf(details);
    }

    public static Reading of(Rule rule, double value) {
        return new Reading(rule, value, Map.of());
    }

    public static Reading of(Rule rule, double value, Map<String, Object> details) {
        return new Reading(rule, value, details);
    }
}
