package dev.dbops.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The project's PostgreSQL cluster, ensured once per test JVM by {@code infra/local/postgres.sh}
 * (idempotent: installs, configures and starts it when needed), so tests need no manual step.
 */
public final class TestPostgres {

    public static final String HOST = System.getProperty("dbops.test.pg.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("dbops.test.pg.port", 5433);
    public static final String USER = "postgres";

    private static boolean ensured;

    private TestPostgres() {
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        ensureCluster();
        return DriverManager.getConnection(url(database), USER, "");
    }

    public static void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + sql, e);
        }
    }

    public static synchronized void ensureCluster() {
        if (ensured) {
            return;
        }
        Path script = repositoryRoot().resolve("infra/local/postgres.sh");
        try {
            Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(script + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ensured = true;
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/local/postgres.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find infra/local/postgres.sh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
