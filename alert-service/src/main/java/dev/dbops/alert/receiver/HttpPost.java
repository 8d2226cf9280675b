package dev.dbops.alert.receiver;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * POSTs JSON and classifies the answer the way PagerDuty and Slack document theirs: 2xx accepted;
 * 408, 429 and 5xx retryable (with Retry-After when given); any other 4xx permanent, so a 400 is never
 * sent twice. Network errors and time-outs are retryable.
 */
public final class HttpPost {

    /*
     * The client's own tasks (reading the response, completing its future) run inline on its selector
     * thread rather than being handed to a pool thread and then back to the sender: each hand-over waits for
     * a CPU, which on a busy machine takes longer than the work handed over. They never block (the
     * body handlers read strings), which is what an inline executor requires.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();

    private HttpPost() {
    }

    public static Outcome json(URI uri, String body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "dbops-alert-service")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
            return classify(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return Outcome.retryable(0, "network error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retryable(0, "interrupted", null);
        }
    }

    public static Outcome classify(int status, @Nullable String body, @Nullable String retryAfter) {
        String detail = body == null || body.isBlank() ? "" : abbreviate(body.strip(), 300);
        if (status >= 200 && status < 300) {
            return Outcome.accepted(status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Outcome.retryable(status, detail.isEmpty() ? "retryable" : detail, retryAfter(retryAfter));
        }
        return Outcome.permanent(status, detail.isEmpty() ? "refused" : detail);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
