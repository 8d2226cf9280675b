package dev.dbops.backup.pg;

/**
 * Leads every statement the backup-service runs on a target's own database (the snapshot's row counts, a
 * drill's or restore's CREATE / DROP DATABASE). pg_stat_statements keeps the comment in the statement's
 * text, and the monitor-service leaves every statement starting with {@code /* dbops-} out of slow queries
 * and latency: a drill should not page anyone about dbops's own work.
 */
public final class OwnSql {

    public static final String TAG = "/* dbops-backup */ ";

    private OwnSql() {
    }
}
