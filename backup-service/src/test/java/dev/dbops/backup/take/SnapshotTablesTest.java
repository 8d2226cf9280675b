package dev.dbops.backup.take;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The counts counted range by range are the snapshot's, whatever other sessions change meanwhile. */
class SnapshotTablesTest {

    @RegisterExtension
    static final TestDatabase target = new TestDatabase("backup_snapshot_counts");

    @Test
    void rangeCountsAreTheSnapshotsExactCountsWhileOthersDeleteUpdateAndInsert() throws Exception {
        target.execute("CREATE TABLE ledger (id int PRIMARY KEY, note text)");
        target.execute("INSERT INTO ledger SELECT g, repeat('x', 40) FROM generate_series(1, 20000) g");
        target.execute("CREATE TABLE tiny (id int)");
        target.execute("INSERT INTO tiny VALUES (1), (2), (3)");
        target.execute("CREATE TABLE empty (id int)");

        try (Connection snapshot = DriverManager.getConnection(TestPostgres.url(target.name()), TestPostgres.USER, null)) {
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = snapshot.createStatement()) {
                st.executeQuery("SELECT pg_export_snapshot()").close();
            }
            // after the snapshot: rows deleted, moved by updates, and appended on new pages
            target.execute("DELETE FROM ledger WHERE id % 20 = 0");
            target.execute("UPDATE ledger SET note = repeat('y', 60) WHERE id % 7 = 0");
            target.execute("INSERT INTO ledger SELECT g, 'new' FROM generate_series(20001, 30000) g");
            target.execute("DELETE FROM tiny");

            int[] pauses = {0};
            List<Manifest.Table> tables = SnapshotTables.countAll(snapshot, 16, () -> {
                pauses[0]++;
                return true;
            });

            Map<String, Long> rows = tables.stream().collect(Collectors.toMap(Manifest.Table::name, Manifest.Table::rows));
            assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of("ledger", 20000L, "tiny", 3L, "empty", 0L));
            assertThat(pauses[0]).as("ledger was counted in more than one range, yielding between them").isGreaterThan(1);
            try (Statement st = snapshot.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_relation_size('ledger') / 8192")) {
                rs.next();
                assertThat(rs.getLong(1)).as("ledger spans several ranges").isGreaterThan(16 * 4);
            }
        }
        try (Connection now = DriverManager.getConnection(TestPostgres.url(target.name()), TestPostgres.USER, null);
                Statement st = now.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM ledger")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the table itself changed").isEqualTo(29000L);
        }
    }
}
