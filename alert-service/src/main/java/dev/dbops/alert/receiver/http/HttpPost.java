package dev.dbops.alert.receiver.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dbops.alert.model.Outcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(uri)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "dbops-alert-service")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        if (uri.getRawUserInfo() != null) {
            // as Alertmanager does: the URL's user-info is sent as Basic credentials, never as part of the URL
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    uri.getUserInfo().getBytes(UTF_8)));
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
            return classify(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return Outcome.retryable(0, "network error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + ReceiverUrls.scrub(e.getMessage(), uri)), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retryable(0, "interrupted", null);
        }
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason(), e);
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

    /** Seconds as digits with at most a few decimals: no sign, exponent, Infinity or NaN. */
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,3})?");

    /**
     * Retry-After in seconds or as an HTTP date; null when absent or not one of the two (a negative
     * number, {@code Infinity}, {@code 1e16}, garbage), so that the usual back-off applies. What a
     * receiver may ask for is capped later, at the back-off maximum.
     */
    static @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (SECONDS.matcher(text).matches()) {
            return Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact());
        }
        try {
            Duration until = Duration.between(Instant.now(),
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException | ArithmeticException unreadable) {
            return null;
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
