package dev.dbops.monitor.rules;

/**
 * How one rule is judged on one target.
 *
 * @param breachAfter consecutive evaluations beyond a level before a breach opens or changes severity (N)
 * @param clearAfter consecutive clean evaluations before an open breach resolves (M)
 */
public record RuleSettings(Rule rule, boolean enabled, Levels levels, int breachAfter, int clearAfter) {

    public RuleSettings {
        if (breachAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException(rule.configKey() + ": breach-after and clear-after must be at least 1");
        }
    }
}
