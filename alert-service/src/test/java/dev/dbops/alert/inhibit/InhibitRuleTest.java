package dev.dbops.alert.inhibit;

import static dev.dbops.alert.Fixtures.firing;
import static dev.dbops.alert.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.alert.model.Alert;
import dev.dbops.alert.model.Labels;
import dev.dbops.alert.model.Matcher;
import dev.dbops.common.event.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class InhibitRuleTest {

    /** The defaults of application.yml. */
    static final List<InhibitRule> RULES = List.of(
            new InhibitRule(List.of(Matcher.parse("severity=\"critical\"")), List.of(Matcher.parse("severity=\"warning\"")),
                    List.of("target", "rule")),
            new InhibitRule(List.of(Matcher.parse("rule=\"target.reachable\"")),
                    List.of(Matcher.parse("rule!=\"target.reachable\"")), List.of("target")));

    /** Two alerts of one rule that differ in a further label (as slow queries differ by query id). */
    static Alert withLabel(Alert alert, String name, String value) {
        java.util.Map<String, String> labels = new java.util.TreeMap<>(alert.labels().values());
        labels.put(name, value);
        return new Alert(alert.fingerprint() + "/" + value, new Labels(labels), alert.severity(), alert.status(),
                alert.summary(), alert.description(), alert.runbookUrl(), alert.details(), alert.startsAt(),
                alert.endsAt(), alert.lastEventId(), alert.lastEventTime());
    }

    @Test
    void aCriticalInhibitsTheWarningOfTheSameRuleOnTheSameTarget() {
        Alert critical = withLabel(firing("orders", "latency.p99", Severity.CRITICAL), "query_id", "1");
        Alert warning = withLabel(firing("orders", "latency.p99", Severity.WARNING), "query_id", "2");
        assertThat(InhibitRule.inhibited(warning, RULES, List.of(critical, warning))).isTrue();
        assertThat(InhibitRule.inhibited(critical, RULES, List.of(critical, warning))).isFalse();
    }

    @Test
    void notTheWarningOfAnotherRuleOrAnotherTarget() {
        Alert critical = firing("orders", "latency.p99", Severity.CRITICAL);
        assertThat(InhibitRule.inhibited(firing("orders", "connections.used", Severity.WARNING), RULES,
                List.of(critical))).isFalse();
        assertThat(InhibitRule.inhibited(firing("billing", "latency.p99", Severity.WARNING), RULES,
                List.of(critical))).isFalse();
    }

    @Test
    void anUnreachableTargetInhibitsItsOtherAlertsOnly() {
        Alert unreachable = firing("orders", "target.reachable", Severity.CRITICAL);
        assertThat(InhibitRule.inhibited(firing("orders", "replication.lag", Severity.CRITICAL), RULES,
                List.of(unreachable))).isTrue();
        assertThat(InhibitRule.inhibited(firing("orders", "slow-query", Severity.WARNING), RULES,
                List.of(unreachable))).isTrue();
        assertThat(InhibitRule.inhibited(firing("billing", "replication.lag", Severity.CRITICAL), RULES,
                List.of(unreachable))).isFalse();
        assertThat(InhibitRule.inhibited(unreachable, RULES, List.of(unreachable))).isFalse();
    }

    @Test
    void aResolvedSourceInhibitsNothing() {
        assertThat(InhibitRule.inhibited(firing("orders", "replication.lag", Severity.CRITICAL), RULES,
                List.of(resolved("orders", "target.reachable", Severity.CRITICAL)))).isFalse();
    }

    @Test
    void anAlertNeverInhibitsItself() {
        InhibitRule broad = new InhibitRule(List.of(), List.of(), List.of());
        Alert alert = firing("orders", "replication.lag", Severity.CRITICAL);
        assertThat(InhibitRule.inhibited(alert, List.of(broad), List.of(alert))).isFalse();
    }
}
