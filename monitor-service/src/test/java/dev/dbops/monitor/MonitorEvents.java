package dev.dbops.monitor;

import static dev.dbops.common.testing.TopicProbe.header;

import dev.dbops.common.cloudevents.EventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

/** Reading what the monitor published, as an operator would: ce_type header and JSON payload. */
public final class MonitorEvents {

    public static final String SLOW_QUERY = "dev.dbops.slow-query-detected.v1";
    public static final String BREACHED = "dev.dbops.threshold-breached.v1";
    public static final String RESOLVED = "dev.dbops.threshold-resolved.v1";

    private MonitorEvents() {
    }

    public static JsonNode json(ConsumerRecord<String, String> record) {
        return EventCodec.mapper().readTree(record.value());
    }

    /** Records of this type for this target and rule, published at or after {@code since} (epoch millis). */
    public static Predicate<ConsumerRecord<String, String>> event(String type, String target, String rule,
            long since) {
        return r -> type.equals(header(r, "ce_type")) && target.equals(r.key()) && r.timestamp() >= since
                && (rule == null || rule.equals(json(r).path("rule").asString()));
    }

    public static String get(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
