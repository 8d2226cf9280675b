package dev.dbops.monitor.rules;

import dev.dbops.common.event.Severity;
import java.time.Instant;

/** A breach that was emitted and has not resolved; {@code since} is when its first bad evaluation was seen. */
public record OpenBreach(Severity severity, Instant since) {
}
