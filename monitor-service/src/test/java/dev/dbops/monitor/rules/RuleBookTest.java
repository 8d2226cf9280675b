package dev.dbops.monitor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleBookTest {

    @Test
    void defaultsAreTheOperatorsKpiTable() {
        RuleBook book = new RuleBook(2, 2, Map.of(), Map.of());
        assertThat(book.settings("any", Rule.QUERY_LATENCY_P95).levels()).isEqualTo(new Levels(1000.0, 2000.0));
        assertThat(book.settings("any", Rule.CONNECTIONS_USAGE).levels()).isEqualTo(new Levels(80.0, 95.0));
        assertThat(book.settings("any", Rule.STORAGE_USAGE).levels()).isEqualTo(new Levels(80.0, 90.0));
        assertThat(book.settings("any", Rule.CACHE_HIT_RATIO).levels()).isEqualTo(new Levels(90.0, 85.0));
        assertThat(book.settings("any", Rule.SLOW_QUERIES_PER_HOUR).levels()).isEqualTo(new Levels(20.0, 50.0));
        assertThat(book.settings("any", Rule.TRANSACTION_IDLE).levels()).isEqualTo(new Levels(60.0, 300.0));
        assertThat(book.settings("any", Rule.QUERY_LONG_RUNNING).levels()).isEqualTo(new Levels(60.0, 300.0));
        assertThat(book.settings("any", Rule.SESSIONS_BLOCKED).levels()).isEqualTo(new Levels(30.0, 120.0));
        assertThat(book.settings("any", Rule.XID_WRAPAROUND).levels()).isEqualTo(new Levels(50.0, 80.0));
        assertThat(book.settings("any", Rule.BACKUP_AGE).levels()).isEqualTo(new Levels(26.0, 50.0));
        assertThat(book.settings("any", Rule.TARGET_REACHABLE).levels()).isEqualTo(new Levels(null, 1.0));
        assertThat(book.settings("any", Rule.TARGET_REACHABLE).breachAfter()).isEqualTo(2);
    }

    @Test
    void targetOverridesLayerOnGlobalOverridesOnDefaults() {
        RuleBook book = new RuleBook(2, 3,
                Map.of("connections-usage", new RuleBook.Override(70.0, null, null, null, null)),
                Map.of("orders", Map.of(
                        "connections-usage", new RuleBook.Override(null, 90.0, null, 1, null),
                        "transaction.idle", new RuleBook.Override(5.0, null, false, null, 1))));
        assertThat(book.settings("orders", Rule.CONNECTIONS_USAGE))
                .isEqualTo(new RuleSettings(Rule.CONNECTIONS_USAGE, true, new Levels(70.0, 90.0), 1, 3));
        assertThat(book.settings("billing", Rule.CONNECTIONS_USAGE))
                .isEqualTo(new RuleSettings(Rule.CONNECTIONS_USAGE, true, new Levels(70.0, 95.0), 2, 3));
        assertThat(book.settings("orders", Rule.TRANSACTION_IDLE))
                .isEqualTo(new RuleSettings(Rule.TRANSACTION_IDLE, false, new Levels(5.0, 300.0), 2, 1));
        assertThat(book.settings("orders", Rule.CACHE_HIT_RATIO).levels()).isEqualTo(new Levels(90.0, 85.0));
    }

    @Test
    void anUnknownRuleOrAnImpossibleCountFailsNamingTheKey() {
        assertThatThrownBy(() -> new RuleBook(2, 2, Map.of(), Map.of("orders",
                Map.of("connection-usage", new RuleBook.Override(1.0, null, null, null, null),
                        "backup-age", new RuleBook.Override(null, null, null, 0, null)))))
                .hasMessageContaining("dbops.monitor.targets.orders.rules.connection-usage: no such rule")
                .hasMessageContaining("dbops.monitor.targets.orders.rules.backup-age: breach-after and clear-after");
    }

    @Test
    void configKeysAreRuleNamesWithDashes() {
        assertThat(Rule.TARGET_REACHABLE.configKey()).isEqualTo("target-reachable");
        assertThat(Rule.byConfigKey("query-latency-p95")).contains(Rule.QUERY_LATENCY_P95);
        assertThat(Rule.byName("target.reachable")).contains(Rule.TARGET_REACHABLE);
    }
}
