package dev.dbops.common.pgtools;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A pgjdbc URL ({@code jdbc:postgresql://host[:port][,host[:port]...]/database[?param=value&...]}) as libpq's
 * environment, so the tools reach the server the service's own connections reach. Hosts may be IPv6 in brackets;
 * a missing host is localhost and a missing port 5432, as in pgjdbc. The parameters libpq shares with pgjdbc
 * (sslmode, sslrootcert, sslcert, sslkey, sslcrl, connectTimeout; {@code ssl=true} is pgjdbc's verify-full) become
 * PGSSLMODE etc.; a password, from the target or a URL's {@code password} parameter, goes only into PGPASSWORD.
 */
public record LibpqConnection(List<String> hosts, List<Integer> ports, String database,
        Map<String, String> parameters) {

    private static final String PREFIX = "jdbc:postgresql:";

    /** The URL parameters that pgjdbc and libpq share, and libpq's environment variable for each. */
    static final Map<String, String> SSL_ENVIRONMENT = Map.of("sslmode", "PGSSLMODE", "sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "sslcrl", "PGSSLCRL");

    /**
     * Inherited settings that would send a tool elsewhere or with other credentials than the URL says (a service
     * file's values even win over PGHOST); PGPASSFILE stays, pgjdbc reads the same password file.
     */
    private static final List<String> INHERITED = List.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER",
            "PGPASSWORD", "PGSERVICE", "PGSERVICEFILE", "PGOPTIONS", "PGSSLMODE", "PGSSLROOTCERT",
            "PGSSLCERT", "PGSSLKEY", "PGSSLCRL", "PGREQUIRESSL", "PGCONNECT_TIMEOUT");

    public LibpqConnection {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
        parameters = Map.copyOf(parameters);
    }

    /**
     * Parses a pgjdbc URL; an {@link IllegalArgumentException} says what is wrong with it without repeating it
     * (a URL may carry a password).
     */
    public static LibpqConnection parse(String jdbcUrl) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host[:port]/database)");
        }
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        Map<String, String> parameters = query < 0 ? Map.of() : parameters(rest.substring(query + 1));
        rest = query < 0 ? rest : rest.substring(0, query);
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            if (slash < 0) {
                throw new IllegalArgumentException("the URL names no database (jdbc:postgresql://host[:port]/database)");
            }
            for (String address : rest.substring(2, slash).split(",", -1)) {
                address(address, hosts, ports);
            }
            rest = rest.substring(slash + 1);
        } else {
            address("", hosts, ports);
            rest = rest.startsWith("/") ? rest.substring(1) : rest;
        }
        String database = decode(rest);
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the URL names no database (jdbc:postgresql://host[:port]/database)");
        }
        return new LibpqConnection(hosts, ports, database, parameters);
    }

    /**
     * libpq's environment for this server, database and user, replacing whatever connection settings the
     * service's own environment holds.
     */
    public Map<String, String> environment(String user, @Nullable String password) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", String.join(",", hosts));
        env.put("PGPORT", String.join(",", ports.stream().map(String::valueOf).toList()));
        env.put("PGDATABASE", database);
        env.put("PGUSER", user);
        String secret = password != null ? password : parameters.get("password");
        if (secret != null) {
            env.put("PGPASSWORD", secret);
        }
        env.put("PGCONNECT_TIMEOUT", parameters.getOrDefault("connectTimeout", "10"));
        if ("true".equalsIgnoreCase(parameters.get("ssl")) && !parameters.containsKey("sslmode")) {
            env.put("PGSSLMODE", "verify-full");
        }
        SSL_ENVIRONMENT.forEach((parameter, variable) -> {
            String value = parameters.get(parameter);
            if (value != null) {
                env.put(variable, value);
            }
        });
        return env;
    }

    /** Sets this connection's environment in a process's, removing the inherited settings it does not set. */
    public void applyTo(Map<String, String> processEnvironment, String user, @Nullable String password) {
        INHERITED.forEach(processEnvironment::remove);
        processEnvironment.putAll(environment(user, password));
    }

    /** A libpq connection string naming just a database, quoted as libpq wants; the rest comes from the environment. */
    public static String connectionString(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void address(String address, List<String> hosts, List<Integer> ports) {
        String host = address;
        String port = null;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 host in the URL lacks its closing ']'");
            }
            host = address.substring(1, close);
            String after = address.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + after + "' after an IPv6 host in the URL");
            }
        } else if (address.indexOf(':') >= 0) {
            host = address.substring(0, address.indexOf(':'));
            port = address.substring(address.indexOf(':') + 1);
        }
        hosts.add(host.isEmpty() ? "localhost" : host);
        if (port == null || port.isEmpty()) {
            ports.add(5432);
        } else if (port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535) {
            ports.add(Integer.parseInt(port));
        } else {
            throw new IllegalArgumentException("the URL's port '" + port + "' is not a port number");
        }
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                parameters.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        // as pgjdbc decodes them ('+' is a space), so the tools and the service read the same values
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(parameters);
        shown.computeIfPresent("password", (k, v) -> "******");
        return "LibpqConnection[hosts=" + hosts + ", ports=" + ports + ", database=" + database + ", parameters="
                + shown + "]";
    }
}
