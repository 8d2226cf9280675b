package dev.dbops.monitor.store;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A breach of one rule on one target, open until resolvedAt is set. */
@Entity
@Table(name = "breach")
public class Breach {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String target;
    private String rule;
    private String severity;
    private double value;
    private Double threshold;
    private String unit;
    private Instant since;
    private String details;
    private Instant changedAt;
    private Instant resolvedAt;
    private Double resolvedValue;

    protected Breach() {
    }

    public Breach(String target, String rule, String severity, double value, Double threshold, String unit,
            Instant since, String details, Instant changedAt) {
        this.target = target;
        this.rule = rule;
        this.severity = severity;
        this.value = value;
        this.threshold = threshold;
        this.unit = unit;
        this.since = since;
        this.details = details;
        this.changedAt = changedAt;
    }

    public void changeSeverity(String severity, double value, Double threshold, String details, Instant at) {
        this.severity = severity;
        this.value = value;
        this.threshold = threshold;
        this.details = details;
        this.changedAt = at;
    }

    public void resolve(double value, Instant at) {
        this.resolvedValue = value;
        this.resolvedAt = at;
        this.changedAt = at;
    }

    public Long id() {
        return id;
    }

    public String target() {
        return target;
    }

    public String rule() {
        return rule;
    }

    public String severity() {
        return severity;
    }

    public double value() {
        return value;
    }

    public Double threshold() {
        return threshold;
    }

    public String unit() {
        return unit;
    }

    public Instant since() {
        return since;
    }

    public String details() {
        return details;
    }

    public Instant changedAt() {
        return changedAt;
    }

    public Instant resolvedAt() {
        return resolvedAt;
    }

    public Double resolvedValue() {
        return resolvedValue;
    }
}
