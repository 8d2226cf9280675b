package dev.dbops.backup.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.dbops.backup.config.BackupSettings;
import dev.dbops.common.event.BackupReason;
import dev.dbops.common.event.BackupRequested;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.transaction.support.TransactionOperations;

class BackupSchedulesTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-10T09:59:30Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final BackupRequests requests = mock(BackupRequests.class);

    BackupSchedules schedules(String target, String cron, String zone) {
        var registry = new TargetRegistry(new TargetProperties(Map.of("orders",
                new TargetProperties.TargetSettings("jdbc:postgresql://db/orders", "dbops", null, null, null)),
                new TargetProperties.Security(List.of("*"))));
        var settings = new BackupSettings(new BackupSettings.Repository(java.nio.file.Path.of("backups")),
                new BackupSettings.Dump(2, 1, Duration.ofMinutes(5), null, Duration.ofHours(6)), 1, Duration.ofMillis(500),
                new BackupSettings.Verify(Duration.ZERO, Duration.ofHours(1), true, List.of(),
                        new BackupSettings.Server(null, null, null), false),
                new BackupSettings.Retention(24, 30, 12, 12, ZoneOffset.UTC, Duration.ofHours(1), Duration.ofDays(30),
                        Duration.ofDays(7)),
                List.of(), Map.of(target, new BackupSettings.TargetSettings(cron, ZoneId.of(zone), null, null,
                        new BackupSettings.Restore(false, List.of(), Duration.ofDays(7)),
                        new BackupSettings.TargetEncryption(null, null))), 1000,
                new BackupSettings.Progress(Duration.ofSeconds(5)),
                new BackupSettings.Encryption(false, null, Map.of()));
        return new BackupSchedules(settings, registry, requests, TransactionOperations.withoutTransaction(), clock);
    }

    @Test
    void queuesOneScheduledBackupPerFireTimeWithARequestIdBothInstancesAgreeOn() {
        BackupSchedules first = schedules("orders", "0 0 * * * *", "UTC");
        BackupSchedules second = schedules("orders", "0 0 * * * *", "UTC");
        first.fireDue();
        second.fireDue();
        verify(requests, never()).backup(any(), anyString());

        now.set(Instant.parse("2026-03-10T10:00:02Z"));
        first.fireDue();
        first.fireDue();
        second.fireDue();
        ArgumentCaptor<BackupRequested> asked = ArgumentCaptor.forClass(BackupRequested.class);
        verify(requests, times(2)).backup(asked.capture(), anyString());
        String expectedId = "scheduled-orders-" + Instant.parse("2026-03-10T10:00:00Z").getEpochSecond();
        // the first instance asked once; the second asked for the same id, which the catalog queues once
        assertThat(asked.getAllValues()).extracting(BackupRequested::requestId).containsOnly(expectedId);
        assertThat(asked.getAllValues().subList(0, 1)).extracting(BackupRequested::reason)
                .containsExactly(BackupReason.SCHEDULED);
    }

    @Test
    void firesInTheScheduleZone() {
        // 02:00 in New York is 06:00Z on March 10th (EDT, UTC-4, since the 8th); 07:00Z in winter
        BackupSchedules nightly = schedules("orders", "0 0 2 * * *", "America/New_York");
        now.set(Instant.parse("2026-03-10T05:59:00Z"));
        nightly.fireDue();
        now.set(Instant.parse("2026-03-10T06:00:01Z"));
        nightly.fireDue();
        ArgumentCaptor<BackupRequested> asked = ArgumentCaptor.forClass(BackupRequested.class);
        verify(requests).backup(asked.capture(), anyString());
        assertThat(asked.getValue().requestId())
                .endsWith("-" + Instant.parse("2026-03-10T06:00:00Z").getEpochSecond());
    }

    @Test
    void aScheduleForAnUnknownTargetOrABadCronStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> schedules("billing", "0 0 * * * *", "UTC"))
                .hasMessageContaining("dbops.backup.targets.billing: no target 'billing'");
        assertThatThrownBy(() -> schedules("orders", "every hour", "UTC"))
                .hasMessageContaining("dbops.backup.targets.orders.schedule");
    }
}
