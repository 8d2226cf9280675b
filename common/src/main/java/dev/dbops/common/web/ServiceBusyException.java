package dev.dbops.common.web;

import java.time.Duration;

/** The service refuses more work of this kind for now: 429 with {@code Retry-After}, never a queue. */
public class ServiceBusyException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceBusyException(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
