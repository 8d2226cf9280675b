package dev.dbops.monitor.store;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A window in which a statement was slow on a target. */
@Entity
@Table(name = "slow_query")
public class SlowQuery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String target;
    private String queryId;
    private String query;
    private long calls;
    private double meanMs;
    private double totalMs;
    private double rowsPerCall;
    private Instant windowStart;
    private Instant windowEnd;
    private double thresholdMs;
    private boolean published;

    protected SlowQuery() {
    }

    public SlowQuery(String target, String queryId, String query, long calls, double meanMs, double totalMs,
            double rowsPerCall, Instant windowStart, Instant windowEnd, double thresholdMs, boolean published) {
        this.target = target;
        this.queryId = queryId;
        this.query = query;
        this.calls = calls;
        this.meanMs = meanMs;
        this.totalMs = totalMs;
        this.rowsPerCall = rowsPerCall;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.thresholdMs = thresholdMs;
        this.published = published;
    }

    public String target() {
        return target;
    }

    public String queryId() {
        return queryId;
    }

    public String query() {
        return query;
    }

    public long calls() {
        return calls;
    }

    public double meanMs() {
        return meanMs;
    }

    public double totalMs() {
        return totalMs;
    }

    public double rowsPerCall() {
        return rowsPerCall;
    }

    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }

    public double thresholdMs() {
        return thresholdMs;
    }

    public boolean published() {
        return published;
    }
}
