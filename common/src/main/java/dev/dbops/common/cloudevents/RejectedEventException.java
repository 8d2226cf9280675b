package dev.dbops.common.cloudevents;

/**
 * A record that can never succeed, however often it is retried (malformed, unknown type, unknown
 * target, source not allowed). The error handler dead-letters it at once with this message as the reason.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }

    public RejectedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
