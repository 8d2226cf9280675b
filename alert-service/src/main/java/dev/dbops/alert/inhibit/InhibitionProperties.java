package dev.dbops.alert.inhibit;

import dev.dbops.alert.model.Matcher;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inhibit rules (Alertmanager's inhibit_rules, matchers in its syntax) and the migration window.
 *
 * @param rules the defaults (application.yml): a critical inhibits the warning of the same rule on the
 *        same target; a {@code target.reachable} breach inhibits every other alert of its target
 */
@ConfigurationProperties("dbops.alert.inhibition")
public record InhibitionProperties(@DefaultValue List<RuleConfig> rules, @DefaultValue Window migrationWindow) {

    public record RuleConfig(@DefaultValue List<String> sourceMatchers, @DefaultValue List<String> targetMatchers,
            @DefaultValue List<String> equal) {
    }

    /**
     * @param expected matchers of the alerts a running migration is expected to cause on its target
     * @param overrun how long after its start a migration may run before its alerts are released anyway
     * @param settle how long after it completed the alerts stay held (their resolve is on its way)
     */
    public record Window(@DefaultValue("true") boolean enabled, @DefaultValue List<String> expected,
            @DefaultValue("30m") Duration overrun, @DefaultValue("2m") Duration settle) {

        public List<Matcher> expectedMatchers() {
            return expected.stream().map(Matcher::parse).toList();
        }
    }

    public List<InhibitRule> inhibitRules() {
        return rules.stream().map(r -> new InhibitRule(r.sourceMatchers().stream().map(Matcher::parse).toList(),
                r.targetMatchers().stream().map(Matcher::parse).toList(), r.equal())).toList();
    }
}
