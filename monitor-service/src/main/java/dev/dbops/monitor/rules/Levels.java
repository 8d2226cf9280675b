package dev.dbops.monitor.rules;

import dev.dbops.common.event.Severity;
import org.jspecify.annotations.Nullable;

/** A rule's warning and critical levels; either may be absent (target.reachable has only critical). */
public record Levels(@Nullable Double warning, @Nullable Double critical) {

    /** The severity of a value, or null when it is within both levels. */
    public @Nullable Severity classify(double value, Rule.Direction direction) {
        if (critical != null && beyond(value, critical, direction)) {
            return Severity.CRITICAL;
        }
        if (warning != null && beyond(value, warning, direction)) {
            return Severity.WARNING;
        }
        return null;
    }

    public @Nullable Double of(Severity severity) {
        return severity == Severity.CRITICAL ? critical : warning;
    }

    private static boolean beyond(double value, double level, Rule.Direction direction) {
        return direction == Rule.Direction.ABOVE ? value > level : value < level;
    }
}
