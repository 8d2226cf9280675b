package dev.dbops.alert.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One alert as Prometheus posts it to {@code /api/v2/alerts} (labels, annotations, startsAt, endsAt,
 * generatorURL) or as Alertmanager's webhook carries it (plus status and fingerprint).
 */
public record PostedAlert(@Nullable String status, @Nullable Map<String, String> labels,
        @Nullable Map<String, String> annotations, @Nullable Instant startsAt, @Nullable Instant endsAt,
        @Nullable String generatorURL, @Nullable String fingerprint) {

    /** The body of Alertmanager's webhook (version 4); only its alerts matter here. */
    public record WebhookBody(@Nullable String version, @Nullable String status,
            @Nullable List<PostedAlert> alerts) {
    }
}
