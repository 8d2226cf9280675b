package dev.dbops.alert;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Labels;
import dev.dbops.common.event.Severity;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Alerts for tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    private Fixtures() {
    }

    public static Alert firing(String target, String rule, Severity severity) {
        return alert(target, rule, severity, Alert.Status.FIRING);
    }

    public static Alert resolved(String target, String rule, Severity severity) {
        return alert(target, rule, severity, Alert.Status.RESOLVED);
    }

    public static Alert alert(String target, String rule, Severity severity, Alert.Status status) {
        Labels labels = Labels.of("target", target, "rule", rule, "service", "monitor-service", "kind", "threshold",
                "severity", severity.name().toLowerCase(Locale.ROOT));
        return new Alert(Alert.fingerprint(target, rule, null), labels, severity, status,
                target + ": " + rule + " is 97% (threshold 90%)", "what to do", "https://runbooks.example.com/" + rule,
                Map.of("value", 97.0, "threshold", 90.0), T0, status == Alert.Status.RESOLVED ? T0.plusSeconds(60) : null,
                "event-1", T0);
    }
}
