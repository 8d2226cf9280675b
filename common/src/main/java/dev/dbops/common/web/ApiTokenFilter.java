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
 * REST is for holders of the configured bearer token; only health (for probes) and the Prometheus scrape
 * (metrics carry counts and durations, no secrets) stay open. Health shows its details (database, broker,
 * listeners: what an attacker would like to know) only to holders of the token.
 * Without a token everything is open, health details included.
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
        if (request.getRequestURI().equals("/actuator/prometheus")) {
            chain.doFilter(request, response);
            return;
        }
        if (!authorized) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"send Authorization: Bearer <dbops.api.token>\"}");
            return;
        }
        chain.doFilter(request, response);
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
