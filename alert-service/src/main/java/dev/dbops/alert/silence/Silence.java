package dev.dbops.alert.silence;

import dev.dbops.alert.model.Labels;
import dev.dbops.alert.model.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Mutes the alerts its matchers match from {@code startsAt} until {@code endsAt}; expiring it ends it now. */
public record Silence(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
        String comment, Instant createdAt) {

    public Silence {
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence must end after it starts (" + startsAt + " .. " + endsAt + ")");
        }
    }

    public boolean active(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean mutes(Labels labels, Instant now) {
        return active(now) && Matcher.all(matchers, labels);
    }

    /** pending, active or expired, as Alertmanager shows silences. */
    public String state(Instant now) {
        return now.isBefore(startsAt) ? "pending" : active(now) ? "active" : "expired";
    }
}
