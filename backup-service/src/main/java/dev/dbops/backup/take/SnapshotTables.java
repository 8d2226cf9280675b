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

/** The tables pg_dump will dump, read and counted inside the exporting transaction, i.e. in the dump's snapshot. */
final class SnapshotTables {

    // Ordinary tables outside system schemas that do not belong to an extension: what pg_dump writes data for.
    private static final String TABLES = """
            SELECT n.nspname, c.relname,
                   array(SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                         WHERE x.indrelid = c.oid ORDER BY 1) AS indexes,
                   array(SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                         WHERE d.refobjid = c.oid AND d.classid = 'pg_class'::regclass
                           AND d.refclassid = 'pg_class'::regclass AND s.relkind = 'S'
                           AND d.deptype IN ('a', 'i') ORDER BY 1) AS sequences
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                              AND e.objid = c.oid AND e.deptype = 'e')
            ORDER BY 1, 2""";

    private SnapshotTables() {
    }

    static List<Manifest.Table> countAll(Connection snapshot) throws SQLException {
        List<Manifest.Table> listed = new ArrayList<>();
        try (Statement st = snapshot.createStatement(); ResultSet rs = st.executeQuery(OwnSql.TAG + TABLES)) {
            while (rs.next()) {
                listed.add(new Manifest.Table(rs.getString(1), rs.getString(2), 0, strings(rs.getArray(3)),
                        strings(rs.getArray(4))));
            }
        }
        List<Manifest.Table> counted = new ArrayList<>(listed.size());
        for (Manifest.Table t : listed) {
            counted.add(new Manifest.Table(t.schema(), t.name(), Identifiers.countRows(snapshot, t.schema(), t.name()), t.indexes(),
                    t.sequences()));
        }
        return counted;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
