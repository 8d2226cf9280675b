package dev.dbops.monitor.statements;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** pg_stat_statements of a whole server at one moment, by database oid. */
record ServerStatements(Instant capturedAt, @Nullable Instant statsReset, long dealloc,
        Map<Long, Map<StatementKey, Counters>> byDb) {

    StatementSnapshot of(long dbId) {
        return new StatementSnapshot(capturedAt, statsReset, dealloc, byDb.getOrDefault(dbId, Map.of()));
    }
}
