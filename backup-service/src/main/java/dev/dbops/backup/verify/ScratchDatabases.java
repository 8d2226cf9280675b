package dev.dbops.backup.verify;

import dev.dbops.backup.pg.Identifiers;
import dev.dbops.backup.pg.OwnSql;
import dev.dbops.backup.take.Sha256;
import dev.dbops.common.target.Target;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Scratch databases for drills, on the target's own server, named {@code dbops_drill_<target hash>_<random>}
 * so that recovery can find (and drop) a crashed drill's leftovers of one target without touching others.
 */
public final class ScratchDatabases {

    private static final String PREFIX = "dbops_drill_";

    private ScratchDatabases() {
    }

    static String newName(Target target) {
        return prefix(target) + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static String prefix(Target target) {
        return PREFIX + Sha256.of(target.id().getBytes(StandardCharsets.UTF_8)).substring(0, 10) + "_";
    }

    /** Creates an empty database from template0 (no extensions or objects of template1 to collide with). */
    static void create(Target target, String name) throws SQLException {
        admin(target, "CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0");
    }

    public static void drop(Target target, String name) throws SQLException {
        admin(target, "DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
    }

    /** Drops what crashed drills of this target left behind. */
    public static List<String> dropLeftovers(Target target) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
            ps.setString(1, prefix(target));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        for (String name : names) {
            drop(target, name);
        }
        return names;
    }

    /** CREATE/DROP DATABASE run outside a transaction, from the target's own database. */
    static void admin(Target target, String sql) throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            st.execute(OwnSql.TAG + sql);
        }
    }
}
