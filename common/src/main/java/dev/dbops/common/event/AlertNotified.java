package dev.dbops.common.event;

import java.time.Instant;

/** @param status firing or resolved */
public record AlertNotified(String deliveryId, String target, String fingerprint, String receiver,
        String receiverType, String status, Severity severity, int attempts, Instant notifiedAt)
        implements AlertEvent {
}
