package dev.dbops.common.pgtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A target's JDBC URL as libpq's environment: what pg_dump, pg_restore and psql are told. */
class LibpqConnectionTest {

    @Test
    void hostPortDatabaseAndUserGoToTheEnvironment() {
        var connection = LibpqConnection.parse("jdbc:postgresql://db1.example:6432/orders");
        assertThat(connection.environment("dbops", null)).containsEntry("PGHOST", "db1.example")
                .containsEntry("PGPORT", "6432").containsEntry("PGDATABASE", "orders").containsEntry("PGUSER", "dbops")
                .containsEntry("PGCONNECT_TIMEOUT", "10").doesNotContainKeys("PGPASSWORD", "PGSSLMODE");
    }

    @Test
    void missingPortHostAndDatabaseAreFilledAsPgjdbcDoesOrRefused() {
        assertThat(LibpqConnection.parse("jdbc:postgresql://db1/orders").ports()).containsExactly(5432);
        assertThat(LibpqConnection.parse("jdbc:postgresql:orders"))
                .satisfies(c -> assertThat(c.hosts()).containsExactly("localhost"))
                .satisfies(c -> assertThat(c.database()).isEqualTo("orders"));
        assertThat(LibpqConnection.parse("jdbc:postgresql://:5433/orders").hosts()).containsExactly("localhost");
        assertThatThrownBy(() -> LibpqConnection.parse("jdbc:postgresql://db1/"))
                .hasMessageContaining("names no database");
        assertThatThrownBy(() -> LibpqConnection.parse("jdbc:postgresql://db1:5432"))
                .hasMessageContaining("names no database");
        assertThatThrownBy(() -> LibpqConnection.parse("jdbc:postgresql://db1:port/orders"))
                .hasMessageContaining("'port' is not a port number");
        assertThatThrownBy(() -> LibpqConnection.parse("jdbc:mysql://db1/orders?password=hunter2"))
                .hasMessageStartingWith("not a PostgreSQL JDBC URL").hasMessageNotContaining("hunter2");
    }

    @Test
    void ipv6HostsLoseTheirBracketsAndSeveralHostsAreListedInOrder() {
        var one = LibpqConnection.parse("jdbc:postgresql://[::1]:5433/orders");
        assertThat(one.hosts()).containsExactly("::1");
        assertThat(one.ports()).containsExactly(5433);
        var several = LibpqConnection.parse("jdbc:postgresql://primary:5432,[fd00::2],standby:5433/orders");
        assertThat(several.environment("dbops", null)).containsEntry("PGHOST", "primary,fd00::2,standby")
                .containsEntry("PGPORT", "5432,5432,5433");
        assertThatThrownBy(() -> LibpqConnection.parse("jdbc:postgresql://[::1/orders"))
                .hasMessageContaining("closing ']'");
    }

    @Test
    void theDatabaseNameIsUrlDecodedAndQuotedForLibpq() {
        var connection = LibpqConnection.parse("jdbc:postgresql://db1/it%27s%20%22odd%22%5Cdb");
        assertThat(connection.database()).isEqualTo("it's \"odd\"\\db");
        assertThat(LibpqConnection.connectionString(connection.database())).isEqualTo("dbname='it\\'s \"odd\"\\\\db'");
    }

    @Test
    void thePasswordGoesOnlyToPgpasswordTheTargetsBeforeOneInTheUrl() {
        var connection = LibpqConnection.parse("jdbc:postgresql://db1/orders?user=x&password=p%40ss%26w%3Drd");
        assertThat(connection.environment("dbops", null)).containsEntry("PGPASSWORD", "p@ss&w=rd");
        assertThat(connection.environment("dbops", "configured")).containsEntry("PGPASSWORD", "configured");
        assertThat(connection.toString()).doesNotContain("p@ss");
    }

    @Test
    void sslParametersBecomeLibpqsSslVariables() {
        var connection = LibpqConnection.parse("jdbc:postgresql://db1/orders?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fdbops%2Froot.crt&sslcert=/etc/dbops/client.crt&sslkey=/etc/dbops/client.key"
                + "&sslcrl=/etc/dbops/crl.pem&connectTimeout=3&ApplicationName=ignored");
        assertThat(connection.environment("dbops", null)).containsEntry("PGSSLMODE", "verify-full")
                .containsEntry("PGSSLROOTCERT", "/etc/dbops/root.crt").containsEntry("PGSSLCERT", "/etc/dbops/client.crt")
                .containsEntry("PGSSLKEY", "/etc/dbops/client.key").containsEntry("PGSSLCRL", "/etc/dbops/crl.pem")
                .containsEntry("PGCONNECT_TIMEOUT", "3");
        // pgjdbc's ssl=true without an sslmode verifies the server fully; libpq must not settle for less
        assertThat(LibpqConnection.parse("jdbc:postgresql://db1/orders?ssl=true").environment("dbops", null))
                .containsEntry("PGSSLMODE", "verify-full");
    }

    @Test
    void inheritedConnectionSettingsDoNotLeakIntoATool() {
        Map<String, String> process = new HashMap<>(Map.of("PGPASSWORD", "someone-elses", "PGSSLMODE", "disable",
                "PGSERVICE", "prod", "PATH", "/usr/bin"));
        LibpqConnection.parse("jdbc:postgresql://db1/orders").applyTo(process, "dbops", null);
        assertThat(process).doesNotContainKeys("PGPASSWORD", "PGSSLMODE", "PGSERVICE").containsEntry("PATH", "/usr/bin")
                .containsEntry("PGHOST", "db1");
        assertThat(List.copyOf(process.values())).doesNotContain("someone-elses");
    }
}
