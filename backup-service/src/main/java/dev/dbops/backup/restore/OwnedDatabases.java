package dev.dbops.backup.restore;

import dev.dbops.backup.pg.Identifiers;
import dev.dbops.backup.pg.OwnSql;
import dev.dbops.common.target.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases a restore creates, marked as its own: the mark (the database's comment names the restore)
 * is set right after CREATE DATABASE, and nothing without the restore's mark is ever dropped, so a
 * database of the same name that someone else (another restore, a person) created is left alone.
 */
final class OwnedDatabases {

    private static final Logger log = LoggerFactory.getLogger(OwnedDatabases.class);
    private static final String MAINTENANCE_DATABASE = "postgres";

    private OwnedDatabases() {
    }

    /** What the server says about a database name: absent, or present and whether it is a template. */
    static Optional<Boolean> isTemplate(Target target, String database) throws SQLException {
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement("SELECT datistemplate FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
            }
        }
    }

    static boolean exists(Target target, String database) throws SQLException {
        return isTemplate(target, database).isPresent();
    }

    /** Drops a database this service renamed out of the way, once it is no longer wanted. */
    static void dropReplaced(Target target, String database) throws SQLException {
        admin(target, "DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
    }

    /** CREATE DATABASE from template0, then the restore's mark; fails when the name is taken. */
    static void create(Target target, String database, String requestId) throws SQLException {
        admin(target, "CREATE DATABASE " + Identifiers.quote(database) + " TEMPLATE template0");
        admin(target, "COMMENT ON DATABASE " + Identifiers.quote(database) + " IS '"
                + mark(requestId).replace("'", "''") + "'");
    }

    /** Drops the database only when it carries this restore's mark; says so when it does not. */
    static void dropIfOwned(Target target, String database, String requestId) throws SQLException {
        String comment;
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                comment = rs.getString(1);
            }
        }
        if (!mark(requestId).equals(comment)) {
            log.warn("Not dropping database {}: restore {} did not create it", database, requestId);
            return;
        }
        admin(target, "DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
    }

    /**
     * Renames a database, ending its sessions first (a rename needs none); the caller decides that is wanted.
     * Run from the maintenance database when the renamed one is the target's own, which cannot be renamed
     * from inside.
     */
    static void rename(Target target, String from, String to) throws SQLException {
        boolean fromInside = from.equals(target.database()) || to.equals(target.database());
        try (Connection c = fromInside ? target.connectTo(MAINTENANCE_DATABASE) : target.connect()) {
            try (PreparedStatement ps = c.prepareStatement(OwnSql.TAG + "ALTER DATABASE " + Identifiers.quote(from)
                    + " ALLOW_CONNECTIONS false")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(OwnSql.TAG
                    + "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                ps.setString(1, from);
                ps.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute(OwnSql.TAG + "ALTER DATABASE " + Identifiers.quote(from) + " RENAME TO "
                        + Identifiers.quote(to));
                st.execute(OwnSql.TAG + "ALTER DATABASE " + Identifiers.quote(to) + " ALLOW_CONNECTIONS true");
            }
        }
    }

    static String mark(String requestId) {
        return "dbops restore " + requestId;
    }

    private static void admin(Target target, String sql) throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            st.execute(OwnSql.TAG + sql);
        }
    }
}
