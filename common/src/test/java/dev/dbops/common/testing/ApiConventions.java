package dev.dbops.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST conventions every dbops service keeps, asserted against the running service: errors are RFC 9457
 * problems, and its OpenAPI document describes every endpoint it serves.
 */
public final class ApiConventions {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;

    public ApiConventions(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A request with the service's bearer token; {@code body} is JSON. */
    public HttpResponse<String> call(String method, String path, @Nullable String body) {
        return send(method, path, body, true);
    }

    /** The same request without any token. */
    public HttpResponse<String> anonymous(String method, String path) {
        return send(method, path, null, false);
    }

    /** The response is a problem of this status: its media type, and status, title and detail in the body. */
    public static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of " + response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).as(response.body()).isEqualTo(status);
        assertThat(problem.path("title").asString()).as(response.body()).isNotBlank();
        assertThat(problem.path("detail").asString()).as(response.body()).isNotBlank();
        return problem;
    }

    /**
     * A request line Tomcat itself rejects before any application code sees it ({@code rawPath} is sent
     * as is, which no HTTP client allows for a malformed URL): still a problem of this status, not an HTML page.
     */
    public JsonNode assertRejectedAsProblem(String rawPath, int status) {
        int port = URI.create(base).getPort();
        String response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError("GET " + rawPath + " failed", e);
        }
        int headersEnd = response.indexOf("\r\n\r\n");
        assertThat(headersEnd).as(response).isPositive();
        String head = response.substring(0, headersEnd).toLowerCase(Locale.ROOT);
        assertThat(head).as(response).startsWith("http/1.1 " + status)
                .contains("content-type: " + PROBLEM_JSON);
        JsonNode problem = JSON.readTree(response.substring(headersEnd + 4));
        assertThat(problem.path("status").asInt()).as(response).isEqualTo(status);
        assertThat(problem.path("title").asString()).as(response).isNotBlank();
        assertThat(problem.path("detail").asString()).as(response).isNotBlank();
        return problem;
    }

    /**
     * {@code /v3/api-docs}, fetched without a token, documents every method and path of the service's own
     * handlers (so an endpoint added without documentation fails this), each with its errors as problems.
     */
    public JsonNode assertEveryEndpointDocumented(RequestMappingHandlerMapping handlers) {
        HttpResponse<String> response = anonymous("GET", "/v3/api-docs");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        List<String> served = new ArrayList<>();
        handlers.getHandlerMethods().forEach((mapping, method) -> {
            if (method.getBeanType().getPackageName().startsWith("dev.dbops.")) {
                served.addAll(endpoints(mapping));
            }
        });
        assertThat(served).as("endpoints of the service's controllers").isNotEmpty();
        for (String endpoint : served) {
            String[] methodAndPath = endpoint.split(" ", 2);
            JsonNode operation = document.path("paths").path(methodAndPath[1]).path(methodAndPath[0]);
            assertThat(operation.isObject()).as(endpoint + " in /v3/api-docs").isTrue();
            assertThat(operation.path("responses").path("default").path("content").path(PROBLEM_JSON)
                    .path("schema").path("$ref").asString()).as(endpoint + "'s error responses")
                    .isEqualTo("#/components/schemas/ProblemDetail");
        }
        assertThat(document.path("components").path("schemas").path("ProblemDetail").isObject()).isTrue();
        return document;
    }

    private static List<String> endpoints(RequestMappingInfo mapping) {
        List<String> endpoints = new ArrayList<>();
        var methods = mapping.getMethodsCondition().getMethods();
        for (String path : mapping.getPatternValues()) {
            if (methods.isEmpty()) {
                endpoints.add("get " + path);
            }
            methods.forEach(m -> endpoints.add(m.name().toLowerCase(Locale.ROOT) + " " + path));
        }
        return endpoints;
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (withToken) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + path + " interrupted", e);
        }
    }
}
