package dev.dbops.backup.take;

import dev.dbops.backup.pg.OwnSql;
import dev.dbops.backup.pg.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The tables pg_dump will dump, read and counted inside the exporting transaction, i.e. in the dump's snapshot.
 *
 * <p>The counts are exact, so they read every row a second time, beside pg_dump on the same server. On a
 * busy or small server that second scan competes with pg_dump's own COPY, the backup's critical path,
 * for CPU. So a large table is counted in ranges of pages (TID range scans, PostgreSQL 14 and later),
 * and while pg_dump is still running the count pauses after each range for {@link #YIELD} times as long
 * as the range took: it uses at most a quarter of a core and leaves the rest to the dump and to the
 * target's own traffic. Once pg_dump has finished, the rest is counted at full speed.
 */
final class SnapshotTables {

    /** Pages per counted range: 32 MB, a few tens of milliseconds of counting. */
    static final long RANGE_PAGES = 4096;

    /** How much longer than a range's count the pause after it lasts while pg_dump runs. */
    static final int YIELD = 3;

    // Ordinary tables outside system schemas that do not belong to an extension: what pg_dump writes data for.
    private static final String TABLES = """
            SELECT n.nspname, c.relname,
                   array(SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                         WHERE x.indrelid = c.oid ORDER BY 1) AS indexes,
                   array(SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                         WHERE d.refobjid = c.oid AND d.classid = 'pg_class'::regclass
                           AND d.refclassid = 'pg_class'::regclass AND s.relkind = 'S'
                           AND d.deptype IN ('a', 'i') ORDER BY 1) AS sequences,
                   pg_relation_size(c.oid) / current_setting('block_size')::int AS pages
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                              AND e.objid = c.oid AND e.deptype = 'e')
            ORDER BY 1, 2""";

    private SnapshotTables() {
    }

    /**
     * Lists and counts the tables in {@code snapshot}'s transaction, counting ranges of
     * {@code rangePages} pages and yielding while {@code dumpRunning} says pg_dump still runs.
     */
    static List<Manifest.Table> countAll(Connection snapshot, long rangePages, BooleanSupplier dumpRunning)
            throws SQLException, InterruptedException {
        List<Manifest.Table> listed = new ArrayList<>();
        List<Long> pages = new ArrayList<>();
        try (Statement st = snapshot.createStatement(); ResultSet rs = st.executeQuery(OwnSql.TAG + TABLES)) {
            while (rs.next()) {
                listed.add(new Manifest.Table(rs.getString(1), rs.getString(2), 0, strings(rs.getArray(3)),
                        strings(rs.getArray(4))));
                pages.add(rs.getLong(5));
            }
        }
        boolean tidRanges = snapshot.getMetaData().getDatabaseMajorVersion() >= 14;
        List<Manifest.Table> counted = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            Manifest.Table t = listed.get(i);
            long rows = tidRanges && pages.get(i) > rangePages
                    ? countInRanges(snapshot, t, pages.get(i), rangePages, dumpRunning)
                    : Identifiers.countRows(snapshot, t.schema(), t.name());
            counted.add(new Manifest.Table(t.schema(), t.name(), rows, t.indexes(), t.sequences()));
        }
        return counted;
    }

    /**
     * The rows of a table, range by range. {@code pages} was read after the snapshot, so no row the
     * snapshot sees lies beyond it; the last range is open all the same.
     */
    private static long countInRanges(Connection snapshot, Manifest.Table t, long pages, long rangePages,
            BooleanSupplier dumpRunning) throws SQLException, InterruptedException {
        String count = OwnSql.TAG + "SELECT count(*) FROM ONLY " + Identifiers.quote(t.schema()) + "."
                + Identifiers.quote(t.name()) + " WHERE ctid >= '(%d,0)'::tid";
        long rows = 0;
        try (Statement st = snapshot.createStatement()) {
            for (long from = 0; ; from += rangePages) {
                boolean last = from + rangePages >= pages;
                long began = System.nanoTime();
                String sql = count.formatted(from) + (last ? "" : " AND ctid < '(%d,0)'::tid".formatted(from + rangePages));
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    rows += rs.getLong(1);
                }
                if (last) {
                    return rows;
                }
                if (dumpRunning.getAsBoolean()) {
                    TimeUnit.NANOSECONDS.sleep((System.nanoTime() - began) * YIELD);
                }
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
