package dev.dbops.migration.lint;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the target's catalog says that decides whether a statement is dangerous there. Names are qualified
 * and compared as PostgreSQL does: {@code schema.table} and {@code schema.table.column}, unquoted names in
 * lower case.
 *
 * @param searchPath the schemas an unqualified name resolves in, first match wins (the migration's session)
 * @param tables every ordinary or partitioned table on the target
 * @param emptyTables tables without a single row: nothing to scan, rewrite or keep locked for long
 * @param validatedNotNull {@code schema.table.column} with a validated CHECK (column IS NOT NULL)
 * @param columnTypes {@code schema.table.column} to its type as {@code format_type} writes it
 */
public record TargetCatalog(List<String> searchPath, Set<String> tables, Set<String> emptyTables,
        Set<String> validatedNotNull, Map<String, String> columnTypes) {

    private static final TargetCatalog UNKNOWN = new TargetCatalog(List.of("public"), Set.of(), Set.of(), Set.of(),
            Map.of());

    /** A target nothing is known about: every existing table may have rows, and any table may exist. */
    public static TargetCatalog unknown() {
        return UNKNOWN;
    }

    /** Whether {@link #tables()} was read from the target, so that a table missing from it is not there. */
    public boolean known() {
        return this != UNKNOWN;
    }
}
