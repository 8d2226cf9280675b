package dev.dbops.infra.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A PostgreSQL server the tests reach as the trusted superuser on 127.0.0.1. */
record Postgres(int port) {

    String url(String database) {
        return url("127.0.0.1", database);
    }

    /** The same server by another name for it (localhost, the machine's host name). */
    String url(String host, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Rows of a table, counted now. */
    long count(String database, String table) {
        return Long.parseLong(query(database, "SELECT count(*) FROM " + table).get(0));
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + " (:" + port + "): " + e.getMessage(), e);
        }
    }

    /** The first column of every row. */
    List<String> query(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + " (:" + port + "): " + e.getMessage(), e);
        }
    }

    void createDatabase(String name) {
        dropDatabase(name);
        execute("postgres", "CREATE DATABASE " + name);
    }

    void dropDatabase(String name) {
        execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Drops every database whose name starts with the prefix (a run's leftovers, or its own at the end). */
    void dropDatabasesLike(String prefix) {
        for (String db : query("postgres", "SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "%'")) {
            dropDatabase(db);
        }
    }
}
