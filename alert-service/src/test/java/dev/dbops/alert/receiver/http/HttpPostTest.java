package dev.dbops.alert.receiver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.model.Outcome;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HttpPostTest {

    @ParameterizedTest
    @CsvSource({"200,ACCEPTED", "202,ACCEPTED", "204,ACCEPTED", "400,PERMANENT", "401,PERMANENT", "403,PERMANENT",
            "404,PERMANENT", "410,PERMANENT", "413,PERMANENT", "408,RETRYABLE", "429,RETRYABLE", "500,RETRYABLE",
            "502,RETRYABLE", "503,RETRYABLE", "504,RETRYABLE"})
    void classifiesStatusesAsPagerDutyAndSlackDocumentThem(int status, Outcome.Result expected) {
        assertThat(HttpPost.classify(status, "body", null).result()).isEqualTo(expected);
    }

    @Test
    void readsRetryAfterInSecondsOrAsADate() {
        assertThat(HttpPost.classify(429, "", "3").retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(HttpPost.retryAfter("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(HttpPost.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpPost.retryAfter("soon")).isNull();
        assertThat(HttpPost.retryAfter(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"Infinity", "-Infinity", "NaN", "1e16", "-5", "0x10", "+3", "soon", "3 seconds"})
    void ignoresRetryAfterThatIsNeitherSecondsNorADate(String value) {
        assertThat(HttpPost.retryAfter(value)).isNull();
    }

    @Test
    void readsAHugeRetryAfterWithoutOverflowForTheBackoffMaximumToCap() {
        assertThat(HttpPost.retryAfter("999999999999")).isEqualTo(Duration.ofSeconds(999_999_999_999L));
        assertThat(HttpPost.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT")).isPositive();
    }

    @Test
    void networkErrorsNeverQuoteTheUrlsSecrets() {
        URI url = URI.create("https://bob:pa55@hooks.example.com/services/T0/B0/SECRET?token=T0KEN");
        assertThat(ReceiverUrls.scrub("cannot reach " + url + " (/services/T0/B0/SECRET, bob:pa55, token=T0KEN)", url))
                .isEqualTo("cannot reach https://hooks.example.com/… (…, …, …)");
        assertThat(ReceiverUrls.shown(url)).isEqualTo("https://hooks.example.com/services/T0/B0/SECRET");
        assertThat(ReceiverUrls.shownWithoutPath(url)).isEqualTo("https://hooks.example.com/…");
    }
}
