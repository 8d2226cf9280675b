package dev.dbops.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every dbops service promises once it is up. */
public final class ServiceAssertions {

    private ServiceAssertions() {
    }

    /** Actuator health is UP and includes the broker and the service's database. */
    public static JsonNode assertHealthy(int port) {
        String body = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health")
                .retrieve().body(String.class);
        JsonNode health = JsonMapper.builder().build().readTree(body);
        assertThat(health.path("status").asString()).as(body).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).as(body).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asString()).as(body).isEqualTo("UP");
        return health;
    }

    /** The service's own Flyway history lives in its own schema of the platform database. */
    public static void assertOwnSchema(TestDatabase platform, String schema) {
        try (var c = TestPostgres.connect(platform.name());
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM information_schema.tables "
                        + "WHERE table_schema = '" + schema + "' AND table_name IN "
                        + "('flyway_schema_history', 'dbops_outbox', 'dbops_inbox')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("kit tables and Flyway history in schema " + schema).isEqualTo(3);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
