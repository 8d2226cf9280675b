package dev.dbops.common.event;

import java.time.Instant;

public record ThresholdResolved(String target, String rule, double value, Instant breachedAt, Instant resolvedAt)
        implements MonitorEvent {
}
