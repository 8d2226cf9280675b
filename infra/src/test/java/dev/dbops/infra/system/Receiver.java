package dev.dbops.infra.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A local HTTP receiver standing in for Slack's incoming webhook or PagerDuty's Events API: answers as
 * they do (200 "ok" / 202 JSON) and records every request. {@link #refuse} makes it answer 503 to the
 * requests that match, as a receiver that is down would; {@link #throttle} answers 429 with a Retry-After
 * of the test's choosing, as a rate-limited one would.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: its body, what we answered, the notification it carries (status + alert key), when. */
    record Request(JsonNode body, int status, String key, Instant at) {

        boolean accepted() {
            return status / 100 == 2;
        }
    }

    final String name;
    private final boolean pagerDuty;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> refused = key -> false;
    private final Map<String, Throttle> throttled = new ConcurrentHashMap<>();

    /** 429 with this Retry-After for the next {@code remaining} requests whose key contains the text. */
    private record Throttle(String retryAfter, AtomicInteger remaining) {
    }

    Receiver(String name, boolean pagerDuty) {
        this.name = name;
        this.pagerDuty = pagerDuty;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "receiver-" + name);
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String key = key(body);
            Throttle throttle = throttled.entrySet().stream().filter(t -> key.contains(t.getKey())
                    && t.getValue().remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0)
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            int status = refused.test(key) ? 503 : throttle != null ? 429 : pagerDuty ? 202 : 200;
            requests.add(new Request(body, status, key, Instant.now()));
            if (throttle != null) {
                exchange.getResponseHeaders().add("Retry-After", throttle.retryAfter());
            }
            byte[] reply = (status == 503 ? "unavailable" : status == 429 ? "rate limited"
                    : pagerDuty ? "{\"status\":\"success\",\"message\":\"Event processed\"}" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /**
     * The notification's identity: PagerDuty {@code trigger|resolve <dedup_key>} (dedup_key = target/rule);
     * Slack {@code FIRING|RESOLVED <target> · <group labels>} from the message's title line.
     */
    private String key(JsonNode body) {
        if (pagerDuty) {
            return body.path("event_action").asString() + " " + body.path("dedup_key").asString();
        }
        String title = body.path("text").asString().split("\n", 2)[0];
        String status = title.contains("[RESOLVED") ? "RESOLVED" : "FIRING";
        int labels = title.indexOf("] ");
        return status + " " + (labels < 0 ? title : title.substring(labels + 2));
    }

    void refuse(Predicate<String> keys) {
        refused = keys;
    }

    /** Answers the next {@code times} requests whose key contains {@code text} with 429 and this Retry-After. */
    void throttle(String text, String retryAfter, int times) {
        throttled.put(text, new Throttle(retryAfter, new AtomicInteger(times)));
    }

    /** Accepted notifications whose key contains the text (a target id, a rule). */
    List<Request> accepted(String text) {
        return requests.stream().filter(r -> r.accepted() && r.key().contains(text)).toList();
    }

    List<Request> all(String text) {
        return requests.stream().filter(r -> r.key().contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
