package dev.dbops.monitor.status;

import java.util.List;
import java.util.Optional;

/**
 * How a value a poll computes appears in Prometheus: a name in base units (seconds, bytes, 0–1 ratios), gauges
 * without {@code _total}, counters with it (Micrometer appends {@code _total} to a counter's name). The values keep
 * their own names and units in the REST status.
 *
 * @param valueName the value's name in {@code Observations} and the REST status
 * @param scale what the value is multiplied by to be in the metric's unit
 */
record ExportedValue(String valueName, Kind kind, String meterName, double scale, String description) {

    /** How a value becomes a meter. */
    enum Kind {
        /** A level: exported as read. */
        GAUGE,
        /** A counter the target keeps (pg_stat_database): exported as read, so a stats reset is a counter reset. */
        CUMULATIVE,
        /** A count over the poll's window: added to a counter of the monitor at every poll. */
        WINDOW
    }

    static final List<ExportedValue> ALL = List.of(
            new ExportedValue("up", Kind.GAUGE, "dbops.monitor.up", 1,
                    "1 when the last poll reached the target, 0 when it did not"),
            new ExportedValue("connections.used", Kind.GAUGE, "dbops.monitor.connections.used", 1,
                    "Client backends of the whole cluster"),
            new ExportedValue("connections.available", Kind.GAUGE, "dbops.monitor.connections.available", 1,
                    "max_connections minus the connections reserved for superusers and reserved roles"),
            new ExportedValue("sessions.total", Kind.GAUGE, "dbops.monitor.sessions", 1,
                    "Sessions in the target database"),
            new ExportedValue("sessions.active", Kind.GAUGE, "dbops.monitor.sessions.active", 1,
                    "Sessions running a statement"),
            new ExportedValue("sessions.idle-in-transaction", Kind.GAUGE,
                    "dbops.monitor.sessions.idle.in.transaction", 1, "Sessions idle in an open transaction"),
            new ExportedValue("sessions.blocked", Kind.GAUGE, "dbops.monitor.sessions.blocked", 1,
                    "Sessions waiting for a lock another session holds"),
            new ExportedValue("blocks.hit", Kind.CUMULATIVE, "dbops.monitor.blocks.hit", 1,
                    "Blocks found in shared buffers (pg_stat_database.blks_hit)"),
            new ExportedValue("blocks.read", Kind.CUMULATIVE, "dbops.monitor.blocks.read", 1,
                    "Blocks read from disk or the OS cache (pg_stat_database.blks_read)"),
            new ExportedValue("transactions.committed", Kind.CUMULATIVE, "dbops.monitor.transactions.committed", 1,
                    "Committed transactions (pg_stat_database.xact_commit)"),
            new ExportedValue("transactions.rolled-back", Kind.CUMULATIVE, "dbops.monitor.transactions.rolled.back",
                    1, "Rolled back transactions (pg_stat_database.xact_rollback)"),
            new ExportedValue("deadlocks", Kind.CUMULATIVE, "dbops.monitor.deadlocks", 1,
                    "Deadlocks detected (pg_stat_database.deadlocks)"),
            new ExportedValue("temp.bytes", Kind.CUMULATIVE, "dbops.monitor.temp.bytes", 1,
                    "Bytes written to temporary files by queries (pg_stat_database.temp_bytes)"),
            new ExportedValue("xid.age", Kind.GAUGE, "dbops.monitor.xid.age", 1,
                    "Transactions since the database's oldest unfrozen one: age(datfrozenxid)"),
            new ExportedValue("cache.hit-ratio", Kind.GAUGE, "dbops.monitor.cache.hit.ratio", 0.01,
                    "Blocks hit / (hit + read) over the last window with at least 1000 block accesses"),
            new ExportedValue("database.size.bytes", Kind.GAUGE, "dbops.monitor.database.size.bytes", 1,
                    "pg_database_size of the target database"),
            new ExportedValue("tables.dead-tuples", Kind.GAUGE, "dbops.monitor.tables.dead.tuples", 1,
                    "Dead tuples in the tables that have at least tables.min-dead-tuples of them"),
            new ExportedValue("statements.tracked", Kind.GAUGE, "dbops.monitor.statements.tracked", 1,
                    "Entries of pg_stat_statements for the target database"),
            new ExportedValue("statements.window.calls", Kind.WINDOW, "dbops.monitor.statements.calls", 1,
                    "Calls of top-level statements, added up window by window (dbops's own left out)"),
            new ExportedValue("statements.window.first-seen", Kind.WINDOW, "dbops.monitor.statements.first.seen", 1,
                    "pg_stat_statements entries that appeared between two snapshots"),
            new ExportedValue("statements.window.evicted", Kind.WINDOW, "dbops.monitor.statements.evicted", 1,
                    "pg_stat_statements entries that disappeared between two snapshots"),
            new ExportedValue("statements.window.restarted", Kind.WINDOW, "dbops.monitor.statements.restarted", 1,
                    "pg_stat_statements entries whose counters went down between two snapshots"),
            new ExportedValue("statements.window.deallocated", Kind.WINDOW, "dbops.monitor.statements.deallocated", 1,
                    "Entries evicted for pg_stat_statements.max (pg_stat_statements_info.dealloc)"),
            new ExportedValue("query.latency.p95.ms", Kind.GAUGE, "dbops.monitor.query.latency.p95.seconds", 0.001,
                    "Estimated p95 latency of the top-level statements of the last window"),
            new ExportedValue("slow-queries.per-hour", Kind.GAUGE, "dbops.monitor.slow.queries.per.hour", 1,
                    "Calls of slow statement windows in the last hour"),
            new ExportedValue("backup.age.hours", Kind.GAUGE, "dbops.monitor.backup.age.seconds", 3600,
                    "Time since the newest BackupCompleted.completedAt of the target"));

    static Optional<ExportedValue> of(String valueName) {
        return ALL.stream().filter(v -> v.valueName.equals(valueName)).findFirst();
    }
}
