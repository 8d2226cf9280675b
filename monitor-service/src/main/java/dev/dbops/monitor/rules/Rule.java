package dev.dbops.monitor.rules;

import java.util.Arrays;
import java.util.Optional;

/**
 * The rules the monitor evaluates, with our operators' default levels. A rule's name is what events
 * carry; its configuration key is the name with dots as dashes ({@code transaction-idle}).
 */
public enum Rule {

    TARGET_REACHABLE("target.reachable", "bool", Direction.BELOW, null, 1.0),
    QUERY_LATENCY_P95("query.latency-p95", "ms", Direction.ABOVE, 1000.0, 2000.0),
    CONNECTIONS_USAGE("connections.usage", "%", Direction.ABOVE, 80.0, 95.0),
    STORAGE_USAGE("storage.usage", "%", Direction.ABOVE, 80.0, 90.0),
    CACHE_HIT_RATIO("cache.hit-ratio", "%", Direction.BELOW, 90.0, 85.0),
    SLOW_QUERIES_PER_HOUR("slow-queries.per-hour", "calls/h", Direction.ABOVE, 20.0, 50.0),
    QUERY_LONG_RUNNING("query.long-running", "s", Direction.ABOVE, 60.0, 300.0),
    TRANSACTION_IDLE("transaction.idle", "s", Direction.ABOVE, 60.0, 300.0),
    SESSIONS_BLOCKED("sessions.blocked", "s", Direction.ABOVE, 30.0, 120.0),
    XID_WRAPAROUND("xid.wraparound", "%", Direction.ABOVE, 50.0, 80.0),
    TABLE_DEAD_TUPLES("table.dead-tuples", "%", Direction.ABOVE, 20.0, 40.0),
    TABLE_AUTOVACUUM_LAG("table.autovacuum-lag", "x", Direction.ABOVE, 2.0, 5.0),
    BACKUP_AGE("backup.age", "h", Direction.ABOVE, 26.0, 50.0);

    /** Whether a value is bad when it is above or below a level. Comparisons are strict: "> 80 %". */
    public enum Direction { ABOVE, BELOW }

    private final String ruleName;
    private final String unit;
    private final Direction direction;
    private final Levels defaults;

    Rule(String ruleName, String unit, Direction direction, Double warning, Double critical) {
        this.ruleName = ruleName;
        this.unit = unit;
        this.direction = direction;
        this.defaults = new Levels(warning, critical);
    }

    public String ruleName() {
        return ruleName;
    }

    public String configKey() {
        return ruleName.replace('.', '-');
    }

    public String unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    public Levels defaultLevels() {
        return defaults;
    }

    public static Optional<Rule> byConfigKey(String key) {
        return Arrays.stream(values()).filter(r -> r.configKey().equals(key) || r.ruleName.equals(key)).findFirst();
    }

    public static Optional<Rule> byName(String name) {
        return Arrays.stream(values()).filter(r -> r.ruleName.equals(name)).findFirst();
    }
}
