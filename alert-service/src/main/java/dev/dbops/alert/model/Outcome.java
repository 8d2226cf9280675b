package dev.dbops.alert.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one attempt went. ACCEPTED: the receiver has it, never send it again. RETRYABLE: 429, 5xx or a
 * network error; try again after {@code retryAfter} when the receiver said so. PERMANENT: the receiver
 * refused it (400, 403, 404, 410, ...) and will refuse it again; never retry.
 */
public record Outcome(Result result, int status, String detail, @Nullable Duration retryAfter) {

    public enum Result { ACCEPTED, RETRYABLE, PERMANENT }

    public static Outcome accepted(int status) {
        return new Outcome(Result.ACCEPTED, status, "accepted", null);
    }

    public static Outcome retryable(int status, String detail, @Nullable Duration retryAfter) {
        return new Outcome(Result.RETRYABLE, status, detail, retryAfter);
    }

    public static Outcome permanent(int status, String detail) {
        return new Outcome(Result.PERMANENT, status, detail, null);
    }

    public boolean accepted() {
        return result == Result.ACCEPTED;
    }

    public boolean retryable() {
        return result == Result.RETRYABLE;
    }

    @Override
    public String toString() {
        return (status > 0 ? "HTTP " + status + ": " : "") + detail;
    }
}
