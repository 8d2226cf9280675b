package dev.dbops.monitor.rules;

import dev.dbops.common.event.Severity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of one rule: a breach opens after N consecutive evaluations beyond a level (at the severity of
 * the last of them), changes severity after N consecutive evaluations at another level, and resolves after M
 * consecutive clean ones. A disabled rule resolves its open breach at once and otherwise stays idle.
 */
public final class Hysteresis {

    private Hysteresis() {
    }

    public record Step(RuleState state, @Nullable Transition transition) {
    }

    public static Step evaluate(RuleState state, RuleSettings settings, Reading reading, Instant now) {
        Rule rule = settings.rule();
        if (!settings.enabled()) {
            return state.isOpen()
                    ? new Step(RuleState.IDLE, resolved(rule, state.open(), reading.value(), now))
                    : new Step(RuleState.IDLE, null);
        }
        Severity level = settings.levels().classify(reading.value(), rule.direction());
        OpenBreach open = state.open();
        if (open == null) {
            if (level == null) {
                return new Step(RuleState.IDLE, null);
            }
            int count = state.pendingCount() + 1;
            Instant since = state.pendingSince() != null ? state.pendingSince() : now;
            if (count < settings.breachAfter()) {
                return new Step(new RuleState(null, level, count, since, 0), null);
            }
            return new Step(RuleState.open(new OpenBreach(level, since)),
                    breached(settings, level, null, reading, since));
        }
        if (level == null) {
            int clean = state.cleanCount() + 1;
            if (clean < settings.clearAfter()) {
                return new Step(new RuleState(open, null, 0, null, clean), null);
            }
            return new Step(RuleState.IDLE, resolved(rule, open, reading.value(), now));
        }
        if (level == open.severity()) {
            return new Step(RuleState.open(open), null);
        }
        int count = level == state.pending() ? state.pendingCount() + 1 : 1;
        Instant changeSince = level == state.pending() && state.pendingSince() != null ? state.pendingSince() : now;
        if (count < settings.breachAfter()) {
            return new Step(new RuleState(open, level, count, changeSince, 0), null);
        }
        // The breach keeps its identity (since) through severity changes.
        OpenBreach changed = new OpenBreach(level, open.since());
        return new Step(RuleState.open(changed), breached(settings, level, open.severity(), reading, open.since()));
    }

    private static Transition.Breached breached(RuleSettings settings, Severity level, @Nullable Severity previous,
            Reading reading, Instant since) {
        Double threshold = settings.levels().of(level);
        return new Transition.Breached(settings.rule(), level, previous, reading.value(),
                java.util.Objects.requireNonNull(threshold, "a level classified the value"), since, reading.details());
    }

    private static Transition.Resolved resolved(Rule rule, OpenBreach open, double value, Instant now) {
        return new Transition.Resolved(rule, open.severity(), value, open.since(), now);
    }
}
