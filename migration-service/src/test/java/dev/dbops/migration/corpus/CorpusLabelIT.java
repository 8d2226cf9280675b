package dev.dbops.migration.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import dev.dbops.migration.lint.SqlScript;
import dev.dbops.migration.lint.SqlStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks each corpus label on the real PostgreSQL 15, against tables with rows: a migration is unsafe when it
 * rewrites a table (relfilenode), scans a table with rows while it holds a lock that queues readers or
 * writers (pg_locks and the transaction's scan counters), makes a writer of the table queue behind it
 * (non-transactional statements, seen from a third session), fails on rows, or breaks a query the running
 * application makes. Otherwise it is safe. No timing: what is measured is what PostgreSQL did.
 */
class CorpusLabelIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("lint_corpus");

    /** Lock modes that make readers or writers of the table queue. */
    static final Set<String> BLOCKING = Set.of("AccessExclusiveLock", "ExclusiveLock", "ShareRowExclusiveLock",
            "ShareLock");

    static List<CorpusCase> cases() {
        return CorpusCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLabelIsWhatPostgresDoes(CorpusCase c) throws Exception {
        try (Connection a = connect()) {
            a.createStatement().execute("DROP SCHEMA IF EXISTS corpus CASCADE; CREATE SCHEMA corpus; "
                    + "SET search_path TO corpus");
            a.createStatement().execute(CorpusCase.setup());
            List<String> evidence = c.transactional() ? inTransaction(a, c) : outsideTransaction(a, c);
            assertThat(!evidence.isEmpty()).as(c.name() + " is labelled " + (c.unsafe() ? "unsafe" : "safe")
                    + "; PostgreSQL showed: " + evidence).isEqualTo(c.unsafe());
        } finally {
            db.execute("DROP SCHEMA IF EXISTS corpus CASCADE");
        }
    }

    /** The statements in one transaction as Flyway runs them; what made it unsafe, or nothing. */
    private static List<String> inTransaction(Connection a, CorpusCase c) throws SQLException {
        Map<Long, String> tablesWithRows = tablesWithRows(a);
        Map<Long, Long> fileNodes = fileNodes(a);
        List<String> evidence = new ArrayList<>();
        a.setAutoCommit(false);
        try {
            Map<Long, Long> scans = scans(a, tablesWithRows.keySet());
            for (SqlStatement s : SqlScript.split(c.sql())) {
                try (Statement st = a.createStatement()) {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    evidence.add("fails on a table with rows: " + e.getMessage());
                    return evidence;
                }
                Map<Long, Long> after = scans(a, tablesWithRows.keySet());
                List<String> held = heldBlocking(a, tablesWithRows);
                // locks are held to the end of the transaction: a scan while one is held stalls its clients
                if (!held.isEmpty() && !after.equals(scans)) {
                    evidence.add("line " + s.line() + " scanned a table with rows while holding " + held);
                }
                scans = after;
            }
            evidence.addAll(rewrites(a, fileNodes, tablesWithRows));
            if (c.breaks() != null) {
                evidence.addAll(breaks(a, c.breaks()));
            }
            return evidence;
        } finally {
            a.rollback();
            a.setAutoCommit(true);
        }
    }

    /**
     * A CONCURRENTLY or VACUUM statement outside a transaction: a writer holds a row of the table, the
     * statement starts and waits for it, and a second writer tries the table. If that writer queues, clients
     * queue behind the statement.
     */
    private static List<String> outsideTransaction(Connection a, CorpusCase c) throws Exception {
        Map<Long, String> tablesWithRows = tablesWithRows(a);
        Map<Long, Long> fileNodes = fileNodes(a);
        List<String> evidence = new ArrayList<>();
        try (Connection writer = connect(); Connection client = connect()) {
            writer.setAutoCommit(false);
            writer.createStatement().execute("UPDATE corpus.items SET note = note WHERE id = 1");
            int pid = pid(a);
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try (Statement st = a.createStatement()) {
                    for (SqlStatement s : SqlScript.split(c.sql())) {
                        st.execute(s.sql());
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> run.isDone() || waiting(client, pid));
            if (!run.isDone()) {
                client.createStatement().execute("SET lock_timeout = '1s'");
                try {
                    client.createStatement().execute("UPDATE corpus.items SET note = note WHERE id = 2");
                } catch (SQLException e) {
                    evidence.add("a writer of the table queued behind it: " + e.getMessage());
                }
            }
            writer.rollback();
            run.get(60, TimeUnit.SECONDS);
        }
        evidence.addAll(rewrites(a, fileNodes, tablesWithRows));
        if (c.breaks() != null) {
            evidence.addAll(breaks(a, c.breaks()));
        }
        return evidence;
    }

    private static List<String> breaks(Connection a, String query) throws SQLException {
        a.createStatement().execute("SAVEPOINT breaks");
        try (ResultSet rs = a.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getBoolean(1) ? List.of() : List.of("the application's query returns false: " + query);
        } catch (SQLException e) {
            a.createStatement().execute("ROLLBACK TO SAVEPOINT breaks");
            return List.of("the application's query fails: " + e.getMessage());
        }
    }

    private static Map<Long, String> tablesWithRows(Connection c) throws SQLException {
        Map<Long, String> tables = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT cl.oid, cl.relname FROM pg_class cl JOIN "
                + "pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = 'corpus' AND cl.relkind = 'r'")) {
            while (rs.next()) {
                tables.put(rs.getLong(1), rs.getString(2));
            }
        }
        tables.entrySet().removeIf(t -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT NOT EXISTS (SELECT 1 FROM corpus."
                    + t.getValue() + ")")) {
                rs.next();
                return rs.getBoolean(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return tables;
    }

    private static Map<Long, Long> fileNodes(Connection c) throws SQLException {
        Map<Long, Long> nodes = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT cl.oid, pg_relation_filenode(cl.oid) FROM "
                + "pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = 'corpus' "
                + "AND cl.relkind = 'r'")) {
            while (rs.next()) {
                nodes.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return nodes;
    }

    private static List<String> rewrites(Connection c, Map<Long, Long> before, Map<Long, String> withRows)
            throws SQLException {
        List<String> rewritten = new ArrayList<>();
        Map<Long, Long> after = fileNodes(c);
        before.forEach((oid, node) -> {
            if (withRows.containsKey(oid) && after.containsKey(oid) && !after.get(oid).equals(node)) {
                rewritten.add("rewrote " + withRows.get(oid) + " (relfilenode changed)");
            }
        });
        return rewritten;
    }

    /** Sequential and index scans of each table with rows (and of its indexes) in this transaction so far. */
    private static Map<Long, Long> scans(Connection c, Set<Long> tables) throws SQLException {
        Map<Long, Long> scans = new HashMap<>();
        for (long oid : tables) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_stat_get_xact_numscans(" + oid + ") + "
                    + "coalesce((SELECT sum(pg_stat_get_xact_numscans(indexrelid)) FROM pg_index WHERE indrelid = "
                    + oid + "), 0)")) {
                rs.next();
                scans.put(oid, rs.getLong(1));
            }
        }
        return scans;
    }

    private static List<String> heldBlocking(Connection c, Map<Long, String> withRows) throws SQLException {
        List<String> held = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT relation, mode FROM pg_locks WHERE pid = "
                + "pg_backend_pid() AND locktype = 'relation' AND granted")) {
            while (rs.next()) {
                if (withRows.containsKey(rs.getLong(1)) && BLOCKING.contains(rs.getString(2))) {
                    held.add(rs.getString(2) + " on " + withRows.get(rs.getLong(1)));
                }
            }
        }
        return held;
    }

    private static boolean waiting(Connection c, int pid) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT wait_event_type = 'Lock' FROM pg_stat_activity "
                + "WHERE pid = " + pid)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.url(), TestPostgres.USER, "");
    }
}
