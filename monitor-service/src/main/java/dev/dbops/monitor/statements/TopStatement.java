package dev.dbops.monitor.statements;

/** A statement of the last window, by time spent, with its normalised text (truncated). */
public record TopStatement(String queryId, String query, long calls, double totalMs, double meanMs,
        double stddevMs, double rowsPerCall) {
}
