package dev.dbops.backup.verify;

import java.util.Map;
import java.util.TreeMap;

/**
 * Row counts as an event carries them: at most {@code dbops.backup.event-row-counts} tables (the first by
 * name) and the totals, so a database of tens of thousands of tables still fits in one Kafka record; the
 * full list is the manifest's (and {@code GET /api/backups/{id}}).
 *
 * @param shown the row counts of the first tables by name
 * @param tables how many tables were counted in all
 * @param rows their rows in all
 */
public record RowCountSummary(Map<String, Long> shown, int tables, long rows) {

    public static RowCountSummary of(Map<String, Long> counts, int max) {
        Map<String, Long> shown = new TreeMap<>();
        new TreeMap<>(counts).entrySet().stream().limit(max).forEach(e -> shown.put(e.getKey(), e.getValue()));
        return new RowCountSummary(shown, counts.size(), counts.values().stream().mapToLong(Long::longValue).sum());
    }
}
