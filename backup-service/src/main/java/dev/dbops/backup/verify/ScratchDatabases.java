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

/**
 * One scratch database per target on the drill server ({@code dbops_drill_<target hash>}), created on first
 * use and then reused: emptied before and after each drill rather than dropped, because DROP DATABASE
 * forces a checkpoint, a burst of writes on the server that every drill would repeat. The stable name
 * means a drill stopped half-way leaves nothing behind that the next drill does not empty.
 */
final class ScratchDatabases {

    private static final String PREFIX = "dbops_drill_";

    private ScratchDatabases() {
    }

    static String nameFor(Target target) {
        return PREFIX + Sha256.of(target.id().getBytes(StandardCharsets.UTF_8)).substring(0, 10);
    }

    /** An empty scratch database: created from template0 the first time, emptied after that. */
    static void prepare(Target server, String name) throws SQLException {
        boolean exists;
        try (Connection c = server.connect();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (exists) {
            empty(server, name);
        } else {
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute(OwnSql.TAG + "CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0");
            }
        }
    }

    /** Drops every schema and extension a drill restored, leaving an empty public schema. */
    static void empty(Target server, String name) throws SQLException {
        try (Connection c = server.connectTo(name); Statement st = c.createStatement()) {
            List<String> drops = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(OwnSql.TAG + "SELECT 'DROP EXTENSION IF EXISTS ' || quote_ident(extname)"
                    + " || ' CASCADE' FROM pg_extension WHERE extname <> 'plpgsql'")) {
                while (rs.next()) {
                    drops.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery(OwnSql.TAG + "SELECT 'DROP SCHEMA IF EXISTS ' || quote_ident(nspname)"
                    + " || ' CASCADE' FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND nspname NOT LIKE 'pg\\_%'")) {
                while (rs.next()) {
                    drops.add(rs.getString(1));
                }
            }
            for (String drop : drops) {
                st.execute(OwnSql.TAG + drop);
            }
            st.execute(OwnSql.TAG + "CREATE SCHEMA public");
        }
    }
}
