package dev.dbops.alert.model;

import java.time.Instant;
import java.util.Map;

/** What one event means for alerting: an alert fires or resolves, a migration window opens or closes. */
public sealed interface AlertChange {

    record Fire(Alert alert, Instant resolveAfter) implements AlertChange {
        public Fire(Alert alert) {
            this(alert, Instant.MAX);
        }
    }

    record Resolve(String fingerprint, Instant at) implements AlertChange {
    }

    record WindowOpen(String target, String requestId, Instant startedAt) implements AlertChange {
    }

    record WindowClose(String target, String requestId, boolean failed, Instant at) implements AlertChange {
    }

    /** The target was changed (a migration applied or rolled back): a PagerDuty change event, not an alert. */
    record Changed(String target, String summary, Map<String, Object> details, Instant at) implements AlertChange {
    }
}
