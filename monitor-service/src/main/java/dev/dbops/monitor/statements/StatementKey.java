package dev.dbops.monitor.statements;

/** An entry of pg_stat_statements: PG14+ keys entries by toplevel as well (track = all). */
public record StatementKey(long queryId, long userId, long dbId, boolean toplevel) {
}
