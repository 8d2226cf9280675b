package dev.dbops.alert.model;

import dev.dbops.common.event.Severity;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One alert: what an on-call person is told about. The fingerprint (target plus rule or kind) is its
 * identity and dedup key; a breach that fires again after resolving is the same alert again.
 *
 * @param labels what routes, groups, silences and inhibits it: target, rule, service, severity, kind, ...
 * @param details values behind the summary (value, threshold, query, cause), shown to receivers
 * @param lastEventTime the time of the event that last changed it, so a notification can be traced to it
 */
public record Alert(String fingerprint, Labels labels, Severity severity, Status status, String summary,
        @Nullable String description, @Nullable String runbookUrl, Map<String, Object> details, Instant startsAt,
        @Nullable Instant endsAt, String lastEventId, Instant lastEventTime) {

    /** The detail that holds an alert's link to where it came from (a Prometheus alert's generatorURL). */
    public static final String GENERATOR_URL = "generator_url";

    public enum Status {
        FIRING, RESOLVED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The target label; for an alert from Prometheus without one, its instance or job. */
    public String target() {
        return firstOf(Labels.TARGET, "instance", "job");
    }

    /** The rule label; for an alert from Prometheus, its alertname. */
    public String rule() {
        return firstOf(Labels.RULE, "alertname");
    }

    private String firstOf(String... names) {
        for (String name : names) {
            if (!labels.get(name).isEmpty()) {
                return labels.get(name);
            }
        }
        return "";
    }

    public boolean firing() {
        return status == Status.FIRING;
    }

    /** The same alert as it was while firing: what it inhibited then. */
    public Alert asFiring() {
        return new Alert(fingerprint, labels, severity, Status.FIRING, summary, description, runbookUrl, details,
                startsAt, null, lastEventId, lastEventTime);
    }

    /** The fingerprint of target plus rule, and of a further key (a query id) where one rule fires several times. */
    public static String fingerprint(String target, String rule, @Nullable String key) {
        return key == null ? target + "/" + rule : target + "/" + rule + "/" + key;
    }
}
