package dev.dbops.migration.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.common.event.Severity;
import dev.dbops.migration.config.MigrationSettings.PolicyOverrides;
import dev.dbops.migration.config.MigrationSettings.PolicySettings;
import dev.dbops.migration.config.MigrationSettings.Retries;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    private final PolicySettings defaults = new PolicySettings(true, LintPolicy.BLOCK_CRITICAL, Duration.ofMillis(200),
            Duration.ofMinutes(30), new Retries(10, Duration.ofMillis(500), 2.0, Duration.ofSeconds(60)), true, true,
            true, Duration.ofMinutes(30), 0);

    @Test
    void aTargetKeepsEveryDefaultItDoesNotOverride() {
        TargetPolicy policy = TargetPolicy.of(defaults, new PolicyOverrides(false, null, Duration.ofMillis(100), null,
                null, null, null, null, null, 2));
        assertThat(policy.backupFirst()).isFalse();
        assertThat(policy.lockTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.lintPolicy()).isEqualTo(LintPolicy.BLOCK_CRITICAL);
        assertThat(policy.retries().maxAttempts()).isEqualTo(10);
        assertThat(policy.maintenanceWorkers()).isEqualTo(2);
        assertThat(TargetPolicy.of(defaults, null).lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(TargetPolicy.of(defaults, null).maintenanceWorkers()).isZero();
    }

    @Test
    void lintPoliciesBlockWhatTheySay() {
        assertThat(LintPolicy.BLOCK_CRITICAL.blocks(Severity.CRITICAL)).isTrue();
        assertThat(LintPolicy.BLOCK_CRITICAL.blocks(Severity.WARNING)).isFalse();
        assertThat(LintPolicy.BLOCK_WARNINGS.blocks(Severity.WARNING)).isTrue();
        assertThat(LintPolicy.BLOCK_WARNINGS.blocks(Severity.INFO)).isFalse();
        assertThat(LintPolicy.REPORT_ONLY.blocks(Severity.CRITICAL)).isFalse();
    }
}
