package dev.dbops.monitor.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.monitor.rules.Rule;
import org.junit.jupiter.api.Test;

class RuleUnitTest {

    @Test
    void everyRuleHasABaseUnit() {
        for (Rule rule : Rule.values()) {
            assertThat(RuleUnit.of(rule).name()).as(rule.ruleName()).isIn("ratio", "seconds", "boolean", "calls",
                    "factor");
        }
    }

    @Test
    void percentBecomesARatioAndMillisecondsAndHoursBecomeSeconds() {
        assertThat(RuleUnit.of(Rule.CONNECTIONS_USAGE)).isEqualTo(new RuleUnit("ratio", 0.01));
        assertThat(RuleUnit.of(Rule.QUERY_LATENCY_P95)).isEqualTo(new RuleUnit("seconds", 0.001));
        assertThat(RuleUnit.of(Rule.BACKUP_AGE)).isEqualTo(new RuleUnit("seconds", 3600));
        assertThat(RuleUnit.of(Rule.TRANSACTION_IDLE)).isEqualTo(new RuleUnit("seconds", 1));
    }
}
