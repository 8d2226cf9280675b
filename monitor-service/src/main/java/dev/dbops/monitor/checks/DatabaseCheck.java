package dev.dbops.monitor.checks;

import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The target database's counters: the cache hit ratio over the window since the previous poll (judged only when
 * the window saw at least {@value #MIN_BLOCK_ACCESSES} block accesses; a cumulative ratio would take days to move)
 * and transaction-ID age against the 2^31 wraparound horizon. One instance per target: it keeps the previous
 * counters.
 */
public final class DatabaseCheck {

    static final long MIN_BLOCK_ACCESSES = 1000;
    private static final double WRAPAROUND = Math.pow(2, 31);

    private long previousHit = -1;
    private long previousRead = -1;

    public void run(Connection connection, Observations obs) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MonitorSql.TAG + """
                SELECT d.blks_hit, d.blks_read, d.xact_commit, d.xact_rollback, d.deadlocks, d.temp_bytes,
                       age(db.datfrozenxid)
                FROM pg_stat_database d JOIN pg_database db ON db.oid = d.datid
                WHERE d.datname = current_database()""")) {
            rs.next();
            long hit = rs.getLong(1);
            long read = rs.getLong(2);
            obs.value("blocks.hit", hit);
            obs.value("blocks.read", read);
            obs.value("transactions.committed", rs.getLong(3));
            obs.value("transactions.rolled-back", rs.getLong(4));
            obs.value("deadlocks", rs.getLong(5));
            obs.value("temp.bytes", rs.getLong(6));
            long xidAge = rs.getLong(7);
            obs.value("xid.age", xidAge);
            obs.reading(Reading.of(Rule.XID_WRAPAROUND, 100.0 * xidAge / WRAPAROUND, Map.of("xidAge", xidAge)));
            cacheHit(hit, read, obs);
        }
    }

    void cacheHit(long hit, long read, Observations obs) {
        if (previousHit >= 0 && hit >= previousHit && read >= previousRead) {
            long windowHit = hit - previousHit;
            long windowRead = read - previousRead;
            if (windowHit + windowRead >= MIN_BLOCK_ACCESSES) {
                double ratio = 100.0 * windowHit / (windowHit + windowRead);
                obs.value("cache.hit-ratio", ratio);
                obs.reading(Reading.of(Rule.CACHE_HIT_RATIO, ratio,
                        Map.of("blocksHit", windowHit, "blocksRead", windowRead)));
            }
        }
        previousHit = hit;
        previousRead = read;
    }
}
