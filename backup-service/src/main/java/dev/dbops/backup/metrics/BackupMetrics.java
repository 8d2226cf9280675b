package dev.dbops.backup.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Durations of backups, restores and drills, tagged by target and outcome, and the sizes of completed backups.
 * Prometheus names: {@code dbops_backup_duration_seconds}, {@code dbops_restore_duration_seconds},
 * {@code dbops_drill_duration_seconds}, {@code dbops_backup_size_bytes}.
 */
@Component
public class BackupMetrics {

    public enum Outcome {
        COMPLETED, FAILED, VERIFIED, VERIFICATION_FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry registry;

    BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void backup(String target, Outcome outcome, Duration took) {
        timer("dbops.backup.duration", "pg_dump into the repository, checksums and manifest", target, outcome)
                .record(took);
    }

    public void backupSize(String target, long bytes) {
        DistributionSummary.builder("dbops.backup.size").baseUnit("bytes")
                .description("size of a completed backup in the repository").tag("target", target)
                .register(registry).record(bytes);
    }

    public void restore(String target, Outcome outcome, Duration took) {
        timer("dbops.restore.duration", "a restore from its start to its outcome", target, outcome).record(took);
    }

    public void drill(String target, Outcome outcome, Duration took) {
        timer("dbops.drill.duration", "a verification: checksums, pg_restore --list and the restore drill", target,
                outcome).record(took);
    }

    private Timer timer(String name, String description, String target, Outcome outcome) {
        return Timer.builder(name).description(description).tag("target", target).tag("outcome", outcome.tag())
                .register(registry);
    }
}
