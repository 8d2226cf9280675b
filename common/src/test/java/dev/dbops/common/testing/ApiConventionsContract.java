package dev.dbops.common.testing;

import static dev.dbops.common.testing.ApiConventions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What every service's REST API keeps, run against the service started on a random port with
 * {@link #TOKEN}: a request without it, an unknown path, a wrong method and a request Tomcat rejects
 * itself are problems, and the OpenAPI document covers every endpoint. A service's subclass adds its own bad requests and unknown ids.
 */
public abstract class ApiConventionsContract {

    public static final String TOKEN = "conventions-token";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    protected ApiConventions api;

    private final String guardedPath;
    private final String wrongMethod;
    private final String wrongMethodPath;

    /**
     * @param guardedPath a GET endpoint of the service that needs the token
     * @param wrongMethod a method the service does not serve at {@code wrongMethodPath}, a path it serves
     */
    protected ApiConventionsContract(String guardedPath, String wrongMethod, String wrongMethodPath) {
        this.guardedPath = guardedPath;
        this.wrongMethod = wrongMethod;
        this.wrongMethodPath = wrongMethodPath;
    }

    /** Call from the subclass's {@code @DynamicPropertySource}. */
    public static void registerToken(DynamicPropertyRegistry registry) {
        registry.add("dbops.api.token", () -> TOKEN);
    }

    @BeforeEach
    void connect() {
        api = new ApiConventions(port, TOKEN);
    }

    @Test
    void aRequestWithoutTheTokenIsAProblem() {
        assertThat(assertProblem(api.anonymous("GET", guardedPath), 401).path("instance").asString())
                .isEqualTo(guardedPath);
    }

    @Test
    void anUnknownPathAndAWrongMethodAreProblems() {
        assertProblem(api.call("GET", "/api/no-such-thing", null), 404);
        assertProblem(api.call(wrongMethod, wrongMethodPath, null), 405);
    }

    @Test
    void requestsTomcatRejectsBeforeTheApiAreProblemsToo() {
        api.assertRejectedAsProblem("/api/%zz", 400);
        api.assertRejectedAsProblem("/api/a%2Fb", 400);
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndItsProblems() {
        api.assertEveryEndpointDocumented(handlers);
    }
}
