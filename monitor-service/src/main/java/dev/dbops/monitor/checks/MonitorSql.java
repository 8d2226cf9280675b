package dev.dbops.monitor.checks;

/**
 * Every monitoring query starts with this comment, which pg_stat_statements keeps in the statement's text: the
 * monitor finds its own statements by it and leaves them out of the target's latency, slow queries and top
 * statements, and the benchmark sums their database time. The other services tag their own maintenance
 * statements the same way ({@code /* dbops-backup *}{@code /} for a drill's CREATE / DROP DATABASE and the
 * snapshot's row counts), and the monitor leaves out everything starting with {@link #OWN_PREFIX}. A
 * migration's steps carry no tag: they are the target's workload and the monitor must see them.
 */
public final class MonitorSql {

    public static final String TAG = "/* dbops-monitor */ ";
    public static final String OWN_PREFIX = "/* dbops-";

    private MonitorSql() {
    }
}
