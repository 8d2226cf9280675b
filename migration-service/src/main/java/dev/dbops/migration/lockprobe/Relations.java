package dev.dbops.migration.lockprobe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The user relations of a database by oid: name, kind, file node (a new file node means a rewrite) and, for an
 * index, the table it indexes.
 */
record Relations(Map<Long, Relation> byOid) {

    /**
     * @param qualified schema.name, the same in every session whatever its search_path
     * @param table the oid of the indexed table for an index, else 0
     */
    record Relation(String name, String qualified, char kind, long fileNode, long table) {
    }

    static Relations of(Connection c) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT c.oid, c.oid::regclass::text, format('%I.%I', n.nspname, c.relname), c.relkind, c.relfilenode,
                       coalesce(i.indrelid, 0)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_index i ON i.indexrelid = c.oid
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'""")) {
            while (rs.next()) {
                relations.put(rs.getLong(1), new Relation(rs.getString(2), rs.getString(3),
                        rs.getString(4).charAt(0), rs.getLong(5), rs.getLong(6)));
            }
        }
        return new Relations(relations);
    }

    boolean rewritten(long oid, Relations after) {
        Relation before = byOid.get(oid);
        Relation now = after.byOid.get(oid);
        return before != null && now != null && (before.kind == 'r' || before.kind == 'm')
                && before.fileNode != now.fileNode;
    }
}
