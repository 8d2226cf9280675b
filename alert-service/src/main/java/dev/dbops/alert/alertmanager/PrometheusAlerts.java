package dev.dbops.alert.alertmanager;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.AlertChange.Fire;
import dev.dbops.alert.model.AlertChange.Resolve;
import dev.dbops.alert.model.AlertChange;
import dev.dbops.alert.model.Labels;
import dev.dbops.common.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What alerts from Prometheus or Alertmanager mean for dbops, pure: one fires (until its endsAt, else
 * for the resolve timeout, as Alertmanager's resolve_timeout) or resolves (status resolved, or an endsAt
 * that has passed). Labels are kept as they are, so existing routes, silences and inhibit rules written
 * for them apply; the severity label picks dbops's severity (unknown ones count as warning).
 */
public final class PrometheusAlerts {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String SUMMARY = "summary";
    private static final String DESCRIPTION = "description";
    private static final String RUNBOOK = "runbook_url";

    private final Duration resolveTimeout;

    public PrometheusAlerts(Duration resolveTimeout) {
        this.resolveTimeout = resolveTimeout;
    }

    /** The changes that {@code alerts} bring, in order; a bad alert fails the whole post with the reason. */
    public List<AlertChange> changes(List<PostedAlert> alerts, String eventId, Instant now) {
        List<AlertChange> changes = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            try {
                changes.add(change(alerts.get(i), eventId, now));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alert " + i + ": " + e.getMessage(), e);
            }
        }
        return changes;
    }

    private AlertChange change(PostedAlert posted, String eventId, Instant now) {
        Map<String, String> labels = posted.labels();
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("an alert needs labels");
        }
        labels.forEach((name, value) -> {
            if (!LABEL_NAME.matcher(name).matches() || value == null) {
                throw new IllegalArgumentException("invalid label '" + name + "' (names are [a-zA-Z_][a-zA-Z0-9_]*, "
                        + "values are strings)");
            }
        });
        String fingerprint = LabelFingerprint.of(labels);
        Instant endsAt = real(posted.endsAt());
        if ("resolved".equals(posted.status()) || endsAt != null && !endsAt.isAfter(now)) {
            return new Resolve(fingerprint, endsAt != null && !endsAt.isAfter(now) ? endsAt : now);
        }
        Map<String, String> annotations = posted.annotations() == null ? Map.of() : posted.annotations();
        Map<String, Object> details = new LinkedHashMap<>();
        annotations.forEach((name, value) -> {
            if (!List.of(SUMMARY, DESCRIPTION, RUNBOOK).contains(name)) {
                details.put(name, value);
            }
        });
        if (posted.generatorURL() != null && !posted.generatorURL().isBlank()) {
            details.put(Alert.GENERATOR_URL, posted.generatorURL());
        }
        Labels set = new Labels(labels);
        String summary = annotations.getOrDefault(SUMMARY, annotations.getOrDefault(DESCRIPTION,
                labels.getOrDefault("alertname", set.toString())));
        Instant startsAt = real(posted.startsAt()) != null ? posted.startsAt() : now;
        Alert alert = new Alert(fingerprint, set, severity(labels.get(Labels.SEVERITY)), Alert.Status.FIRING, summary,
                annotations.containsKey(SUMMARY) ? annotations.get(DESCRIPTION) : null, annotations.get(RUNBOOK),
                details, startsAt, null, eventId, now);
        return new Fire(alert, endsAt != null ? endsAt : now.plus(resolveTimeout));
    }

    /** Alertmanager writes an unset time as year 1 (Go's zero time). */
    private static @Nullable Instant real(@Nullable Instant time) {
        return time == null || time.getEpochSecond() <= 0 ? null : time;
    }

    static Severity severity(@Nullable String label) {
        if (label == null) {
            return Severity.WARNING;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "error" -> Severity.CRITICAL;
            case "info", "none" -> Severity.INFO;
            default -> Severity.WARNING;
        };
    }
}
