package dev.dbops.backup.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Identifiers that reach SQL or a tool's command line: validated against a conservative grammar
 * (letters, digits, '_', '$'; at most 63 bytes), then always quoted.
 */
public final class Identifiers {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private Identifiers() {
    }

    /** The name unchanged when valid; otherwise an {@link IllegalArgumentException} saying why. */
    public static String requireValid(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid identifier "
                    + "(letters, digits, _ and $, starting with a letter or _, at most 63 characters)");
        }
        return name;
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Exact row count of one table, without its inheritance children (what pg_dump writes for it). */
    public static long countRows(Connection connection, String schema, String table) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(OwnSql.TAG + "SELECT count(*) FROM ONLY " + quote(schema) + "." + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
