package dev.dbops.common.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.Principal;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * REST is for holders of the configured bearer token; only health (for probes), the Prometheus scrape
 * (metrics carry counts and durations, no secrets) and the OpenAPI document (the shape of the API, which
 * the repository publishes anyway) stay open. Health shows its details (database, broker,
 * listeners: what an attacker would like to know) only to holders of the token.
 * Without a token everything is open, health details included. A refusal is an RFC 9457 problem like
 * every other error.
 */
public class ApiTokenFilter extends OncePerRequestFilter {

    /** The principal actuator's {@code show-details: when-authorized} looks for. */
    private static final Principal TOKEN_HOLDER = () -> "dbops-api-token";

    private final byte[] expected;
    private final boolean open;

    public ApiTokenFilter(String token) {
        this.expected = ("Bearer " + token).getBytes(UTF_8);
        this.open = token.isBlank();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean authorized = open || tokenMatches(request);
        if (request.getRequestURI().startsWith("/actuator/health")) {
            chain.doFilter(authorized ? asTokenHolder(request) : request, response);
            return;
        }
        if (request.getRequestURI().equals("/actuator/prometheus") || isApiDocs(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        if (!authorized) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(UTF_8.name());
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"send Authorization: Bearer <dbops.api.token>\",\"instance\":"
                    + jsonString(request.getRequestURI()) + "}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** springdoc's {@code /v3/api-docs}, {@code /v3/api-docs.yaml} and groups below it. */
    static boolean isApiDocs(String uri) {
        return uri.equals("/v3/api-docs") || uri.startsWith("/v3/api-docs/") || uri.startsWith("/v3/api-docs.");
    }

    /** The request path as a JSON string: it is the caller's text, so quote and escape it. */
    static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private boolean tokenMatches(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(UTF_8));
    }

    private static HttpServletRequest asTokenHolder(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return TOKEN_HOLDER;
            }
        };
    }
}
