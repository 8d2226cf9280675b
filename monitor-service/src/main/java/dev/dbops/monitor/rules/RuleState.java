package dev.dbops.monitor.rules;

import dev.dbops.common.event.Severity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one rule stands on one target between evaluations.
 *
 * @param open the breach that was emitted, if any
 * @param pending the severity a streak of bad evaluations is heading to (opening, or changing the open one)
 * @param pendingCount how many consecutive evaluations were at {@code pending}'s level or beyond (no breach open),
 *     or exactly at it (a severity change)
 * @param pendingSince the first evaluation of that streak
 * @param cleanCount consecutive clean evaluations while a breach is open
 */
public record RuleState(@Nullable OpenBreach open, @Nullable Severity pending, int pendingCount,
        @Nullable Instant pendingSince, int cleanCount) {

    public static final RuleState IDLE = new RuleState(null, null, 0, null, 0);

    public static RuleState open(OpenBreach breach) {
        return new RuleState(breach, null, 0, null, 0);
    }

    public boolean isOpen() {
        return open != null;
    }
}
