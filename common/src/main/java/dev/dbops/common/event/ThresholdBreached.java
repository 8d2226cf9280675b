package dev.dbops.common.event;

import java.time.Instant;
import java.util.Map;

/** Emitted once per breach and again on every change of severity. */
public record ThresholdBreached(String target, String rule, Severity severity, double value, double threshold,
        String unit, Instant since, Map<String, Object> details) implements MonitorEvent {
}
