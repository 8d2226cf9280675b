package dev.dbops.monitor.status;

import dev.dbops.monitor.rules.Rule;

/**
 * A rule's reading in Prometheus base units. Rules keep their operators' units (percent, ms, hours) in levels,
 * events and REST; only the export converts.
 *
 * @param name the {@code unit} tag of {@code dbops_monitor_rule_value}
 * @param scale what a reading in the rule's unit is multiplied by
 */
record RuleUnit(String name, double scale) {

    static RuleUnit of(Rule rule) {
        return switch (rule.unit()) {
            case "%" -> new RuleUnit("ratio", 0.01);
            case "ms" -> new RuleUnit("seconds", 0.001);
            case "s" -> new RuleUnit("seconds", 1);
            case "h" -> new RuleUnit("seconds", 3600);
            case "bool" -> new RuleUnit("boolean", 1);
            case "calls/h" -> new RuleUnit("calls", 1);
            case "x" -> new RuleUnit("factor", 1);
            default -> throw new IllegalArgumentException("No Prometheus unit for rule " + rule.ruleName()
                    + " in '" + rule.unit() + "'");
        };
    }
}
