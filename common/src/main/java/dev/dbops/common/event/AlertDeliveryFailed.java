package dev.dbops.common.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A delivery that used up its retry budget; {@code fallbackReceiver} takes it over when configured. */
public record AlertDeliveryFailed(String deliveryId, String target, String fingerprint, String receiver,
        int attempts, String lastError, @Nullable String fallbackReceiver, Instant failedAt) implements AlertEvent {
}
