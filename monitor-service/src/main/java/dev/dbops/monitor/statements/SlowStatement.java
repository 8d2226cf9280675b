package dev.dbops.monitor.statements;

import java.util.List;

/** A queryid whose mean over the window reached the threshold; its entries (per user, toplevel) summed. */
public record SlowStatement(long queryId, List<StatementKey> keys, long calls, double totalMs, long rows) {

    public double meanMs() {
        return totalMs / calls;
    }

    public double rowsPerCall() {
        return (double) rows / calls;
    }
}
