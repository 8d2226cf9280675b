package dev.dbops.infra.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one service ran on one target, each run from its start to its end by the times its events state
 * (the service's clock, not the events' arrival), so that a service that serialises a target's work can be
 * checked for never running two things on it at once.
 */
final class SerialRuns {

    record Run(String what, Instant start, Instant end) {
    }

    private final EventLog log;
    private final String service;
    private final String target;
    private final Predicate<Event> about;
    private final List<Run> runs = new ArrayList<>();

    private SerialRuns(EventLog log, String service, String target) {
        this.log = log;
        this.service = service;
        this.target = target;
        this.about = EventLog.about(target);
    }

    /**
     * backup-service runs a target's backups and restores one at a time under one advisory lock: a backup from
     * BackupStarted to its BackupCompleted or BackupFailed; a restore from RestoreCompleted's completedAt less
     * its durationMs (taken from the run's start under the lock; whole milliseconds, so an overlap under 1 ms
     * would pass) to completedAt; a RestoreFailed, which says nothing of its start, as the instant it was stated,
     * which lies inside the failed run and so inside no other.
     */
    static SerialRuns backupService(EventLog log, String target) {
        SerialRuns runs = new SerialRuns(log, "backup-service", target);
        runs.startedToEnd("backup", "BackupStarted", "backupId", "BackupCompleted", "BackupFailed");
        for (Event completed : log.all(runs.about.and(e -> e.is("RestoreCompleted")))) {
            Instant end = completed.instant("completedAt");
            runs.add("restore " + completed.field("requestId"),
                    end.minus(Duration.ofMillis(Long.parseLong(completed.field("durationMs")))), end);
        }
        for (Event failed : log.all(runs.about.and(e -> e.is("RestoreFailed")))) {
            runs.add("failed restore " + failed.field("requestId"), failed.instant("failedAt"), failed.instant("failedAt"));
        }
        return runs;
    }

    /** migration-service runs one migration of a target at a time: MigrationStarted to its end. */
    static SerialRuns migrationService(EventLog log, String target) {
        SerialRuns runs = new SerialRuns(log, "migration-service", target);
        runs.startedToEnd("migration", "MigrationStarted", "requestId", "MigrationCompleted", "MigrationFailed");
        return runs;
    }

    /**
     * Runs from each {@code started} event's startedAt to the completedAt or failedAt of the end with the same
     * id. A run without an end is left out: the scenario's tally counts that end as lost.
     */
    private void startedToEnd(String kind, String started, String idField, String completed, String failed) {
        for (Event start : log.all(about.and(e -> e.is(started)))) {
            String id = start.field(idField);
            log.all(about.and(e -> id.equals(e.field(idField)) && (e.is(completed) || e.is(failed)))).stream()
                    .findFirst().ifPresent(end -> add(kind + " " + id, start.instant("startedAt"),
                            end.instant(end.is(completed) ? "completedAt" : "failedAt")));
        }
    }

    private void add(String what, Instant start, Instant end) {
        runs.add(new Run(what, start, end));
    }

    /** In order of start, each run starts no earlier than the one before it ended. */
    void assertNoOverlap() {
        List<Run> byStart = runs.stream().sorted(Comparator.comparing(Run::start)).toList();
        for (int i = 1; i < byStart.size(); i++) {
            Run previous = byStart.get(i - 1);
            Run run = byStart.get(i);
            assertThat(run.start()).as("%s on %s: %s starts before %s ended", service, target, run, previous)
                    .isAfterOrEqualTo(previous.end());
        }
    }
}
