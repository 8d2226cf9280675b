package dev.dbops.monitor.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings of every rule on every target: the defaults, then overrides for all targets, then per target.
 * Built from configuration once; an unknown rule key fails the start naming the key.
 */
public final class RuleBook {

    /** One layer of overrides; null fields keep the layer below. */
    public record Override(@Nullable Double warning, @Nullable Double critical, @Nullable Boolean enabled,
            @Nullable Integer breachAfter, @Nullable Integer clearAfter) {
    }

    private final Map<Rule, RuleSettings> global;
    private final Map<String, Map<Rule, RuleSettings>> perTarget;

    public RuleBook(int breachAfter, int clearAfter, Map<String, Override> globalOverrides,
            Map<String, Map<String, Override>> targetOverrides) {
        List<String> problems = new ArrayList<>();
        this.global = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            global.put(rule, new RuleSettings(rule, true, rule.defaultLevels(), breachAfter, clearAfter));
        }
        apply(global, globalOverrides, "dbops.monitor.rules.levels", problems);
        this.perTarget = new java.util.HashMap<>();
        targetOverrides.forEach((target, overrides) -> {
            Map<Rule, RuleSettings> settings = new EnumMap<>(global);
            apply(settings, overrides, "dbops.monitor.targets." + target + ".rules", problems);
            perTarget.put(target, settings);
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid monitor rule configuration: " + String.join("; ", problems));
        }
    }

    public RuleSettings settings(String target, Rule rule) {
        return perTarget.getOrDefault(target, global).get(rule);
    }

    private static void apply(Map<Rule, RuleSettings> settings, Map<String, Override> overrides, String prefix,
            List<String> problems) {
        overrides.forEach((key, o) -> {
            Rule rule = Rule.byConfigKey(key).orElse(null);
            if (rule == null) {
                problems.add(prefix + "." + key + ": no such rule (known: "
                        + java.util.Arrays.stream(Rule.values()).map(Rule::configKey).toList() + ")");
                return;
            }
            RuleSettings base = settings.get(rule);
            Levels levels = new Levels(o.warning() != null ? o.warning() : base.levels().warning(),
                    o.critical() != null ? o.critical() : base.levels().critical());
            int breachAfter = o.breachAfter() != null ? o.breachAfter() : base.breachAfter();
            int clearAfter = o.clearAfter() != null ? o.clearAfter() : base.clearAfter();
            if (breachAfter < 1 || clearAfter < 1) {
                problems.add(prefix + "." + key + ": breach-after and clear-after must be at least 1");
                return;
            }
            settings.put(rule, new RuleSettings(rule, o.enabled() != null ? o.enabled() : base.enabled(), levels,
                    breachAfter, clearAfter));
        });
    }
}
