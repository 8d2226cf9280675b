package dev.dbops.alert.inhibit;

import dev.dbops.alert.config.AlertSettings;
import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Matcher;
import java.time.Instant;
import java.util.List;

/**
 * A migration running on a target: the alerts it is expected to cause there (lock waits, latency)
 * are held back until {@code holdUntil}: the start plus the allowed overrun while it runs, a short
 * settling time after it completed (so a breach that resolves with it is never sent), at once when it failed.
 */
public record MigrationWindow(String target, String requestId, Instant startedAt, Instant holdUntil) {

    /** The matchers of the alerts a running migration holds back; none when the window is disabled. */
    public static List<Matcher> expected(AlertSettings.Inhibition.Window window) {
        return window.enabled() ? window.expected().stream().map(Matcher::parse).toList() : List.of();
    }

    public boolean holds(Alert alert, List<Matcher> expected, Instant now) {
        return alert.target().equals(target) && now.isBefore(holdUntil) && !expected.isEmpty()
                && Matcher.all(expected, alert.labels());
    }
}
