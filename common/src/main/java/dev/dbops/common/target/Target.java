package dev.dbops.common.target;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A registered target database. Its password never appears in toString, logs or events. */
public final class Target {

    static final String REDACTED = "******";
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

    private final String id;
    private final String url;
    private final String username;
    private final @Nullable String password;
    private final List<String> allowedSources;

    Target(String id, String url, String username, @Nullable String password, List<String> allowedSources) {
        this.id = id;
        this.url = url;
        this.username = username;
        this.password = password;
        this.allowedSources = List.copyOf(allowedSources);
    }

    /**
     * A server dbops connects to that is not a registered target, e.g. the backup-service's drill server;
     * no request can name it.
     */
    public static Target server(String id, String url, String username, @Nullable String password) {
        return new Target(id, url, username, password, List.of());
    }

    public String id() {
        return id;
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    /** For tools that need it in their environment (PGPASSWORD for pg_dump); never log it. */
    public @Nullable String password() {
        return password;
    }

    /** {@code text} with this target's password replaced, e.g. a tool's stderr about a server no registry lists. */
    public String redact(String text) {
        return password == null || password.isEmpty() ? text : text.replace(password, REDACTED);
    }

    public List<String> allowedSources() {
        return allowedSources;
    }

    /** The database name in the URL. */
    public String database() {
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("target " + id + " has no database in its URL");
        }
        return m.group(2);
    }

    /** The URL of another database on the same server, e.g. a scratch copy. */
    public String urlOf(String database) {
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("target " + id + " has no database in its URL");
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    public Connection connect() throws SQLException {
        return connect(url);
    }

    /** Connects with this target's credentials to another database on its server. */
    public Connection connectTo(String database) throws SQLException {
        return connect(urlOf(database));
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "dbops");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** Whether a request from this ce_source may act on this target. */
    public boolean allowsSource(String source) {
        return allowedSources.stream().anyMatch(pattern -> matches(pattern, source));
    }

    /** Whether a ce_source pattern ({@code *} anything, a trailing {@code *} a prefix) matches the source. */
    public static boolean matches(String pattern, String source) {
        if (pattern.endsWith("*")) {
            return source.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(source);
    }

    @Override
    public String toString() {
        return "Target[" + id + ", " + url + ", user " + username + (password == null ? "" : ", password " + REDACTED)
                + "]";
    }
}
