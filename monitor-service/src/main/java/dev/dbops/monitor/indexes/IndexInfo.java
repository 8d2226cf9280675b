package dev.dbops.monitor.indexes;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An index as the catalog describes it.
 *
 * @param columns the key columns' attribute numbers (0 for an expression), in order
 * @param scans idx_scan since the statistics were reset
 */
public record IndexInfo(String schema, String table, String name, boolean unique, boolean primary, boolean valid,
        String method, List<Integer> columns, @Nullable String expressions, @Nullable String predicate,
        long sizeBytes, long scans) {

    String qualifiedTable() {
        return schema + "." + table;
    }
}
