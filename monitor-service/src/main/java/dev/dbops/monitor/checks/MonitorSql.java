package dev.dbops.monitor.checks;

/**
 * Every monitoring query starts with this comment, which pg_stat_statements keeps in the statement's text: the
 * monitor finds its own statements by it and leaves them out of the target's latency, slow queries and top
 * statements, and the benchmark sums their database time.
 */
public final class MonitorSql {

    public static final String TAG = "/* dbops-monitor */ ";

    private MonitorSql() {
    }
}
