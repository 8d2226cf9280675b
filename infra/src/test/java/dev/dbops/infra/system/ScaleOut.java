package dev.dbops.infra.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * Two instances of each service over {@code targets}: per target a migration that backs up first and a
 * manual backup, then a restore of that backup. The first instances of migration- and backup-service are
 * killed (-9) with work in flight; the second ones take their partitions and their pending work. Checks:
 * every request ends once (completed, or failed cleanly by the kill), no target has two backups or two
 * migrations running at once, both instances worked, and the consumer groups end with one member owning
 * every partition.
 */
final class ScaleOut {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final List<String> GROUPS = List.of("dbops-migration-service", "dbops-backup-service");

    private final Stack stack;
    private final EventLog log;
    private final List<String> targets;

    ScaleOut(Stack stack, List<String> targets) {
        this.stack = stack;
        this.log = stack.log;
        this.targets = targets;
    }

    void run() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.BOOTSTRAP))) {
            // one member per listener container of an instance (migration-service has two: requests, backup events)
            Map<String, Integer> perInstance = new LinkedHashMap<>();
            GROUPS.forEach(group -> perInstance.put(group, members(admin, group).size()));
            assertThat(perInstance.values()).as("members of %s with one instance each", GROUPS).allMatch(n -> n > 0);
            stack.startSecondInstances();
            for (String group : GROUPS) {
                Stacks.await(group + " has the second instance's members too, each owning partitions", LONG, () -> {
                    Collection<MemberDescription> members = members(admin, group);
                    return members.size() == 2 * perInstance.get(group)
                            && members.stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
                });
            }
            Map<String, Integer> owned = new LinkedHashMap<>();
            GROUPS.forEach(group -> owned.put(group, partitions(admin, group)));
            Map<String, String> migrations = new LinkedHashMap<>();
            Map<String, String> backups = new LinkedHashMap<>();
            for (String target : targets) {
                migrations.put(stack.producer.requestMigration(target, null, true), target);
                backups.put(stack.producer.requestBackup(target), target);
            }
            // kill the first instances while work is under way: a third of the backups have started
            log.await("a third of the backups started", targets.size() * 2 / 3, LONG,
                    e -> e.is("BackupStarted") && targets.contains(e.key()));
            ServiceProcess migrationA = stack.get("migration-service-a");
            ServiceProcess backupA = stack.get("backup-service-a");
            long workedA = backupA.logLines("Backup ");
            migrationA.kill9();
            backupA.kill9();
            Instant killedAt = Instant.now();

            Predicate<Event> ofTargets = e -> targets.contains(e.key());
            Predicate<Event> migrationEnd = e -> e.is("MigrationCompleted") || e.is("MigrationFailed");
            Predicate<Event> backupEnd = e -> e.is("BackupCompleted") || e.is("BackupFailed");
            Predicate<Event> restoreEnd = e -> e.is("RestoreCompleted") || e.is("RestoreFailed");
            List<Event> migrationEnds = log.awaitUpTo(migrations.size(), LONG,
                    migrationEnd.and(e -> migrations.containsKey(e.field("requestId"))));
            List<Event> backupEnds = log.awaitUpTo(backups.size(), LONG,
                    backupEnd.and(e -> backups.containsKey(e.field("requestId"))));
            // restore each target's newest backup: retention keeps one verified backup per hour (GFS), so an
            // older one of the same hour may be expired already
            Map<String, String> restores = new LinkedHashMap<>();
            for (String target : targets) {
                Optional<Event> newest = log.all(e -> target.equals(e.key()) && e.is("BackupCompleted")).stream()
                        .max(Comparator.comparing(e -> Instant.parse(e.field("completedAt"))));
                if (newest.isPresent()) {
                    restores.put(stack.producer.requestRestore(target, newest.get().field("backupId"),
                            stack.database(target) + "_restored"), target);
                }
            }
            List<Event> restoreEnds = log.awaitUpTo(restores.size(), LONG,
                    restoreEnd.and(e -> restores.containsKey(e.field("requestId"))));
            Stacks.sleep(3000);

            // every request ends once, and so does every run that started (a pre-migration backup too)
            Tally tally = new Tally("scale-out-2x" + targets.size());
            expectEnds(tally, migrations.keySet(), migrationEnd, "migration-end");
            expectEnds(tally, backups.keySet(), backupEnd, "backup-end");
            expectEnds(tally, restores.keySet(), restoreEnd, "restore-end");
            for (Event started : log.all(ofTargets.and(e -> e.is("MigrationStarted") || e.is("BackupStarted")))) {
                tally.expectEvent(started);
                expectEnds(tally, List.of(started.field("requestId")), started.is("BackupStarted") ? backupEnd : migrationEnd,
                        started.is("BackupStarted") ? "backup-end" : "migration-end");
            }
            tally.observeEvents(log.all(ofTargets.and(migrationEnd.or(backupEnd).or(restoreEnd)
                    .or(e -> e.is("MigrationStarted") || e.is("BackupStarted")))));
            tally.verify();

            assertThat(restoreEnds).allMatch(e -> e.is("RestoreCompleted"), "every restore completed");
            for (Event failed : backupEnds.stream().filter(e -> e.is("BackupFailed")).toList()) {
                assertThat(failed.field("cause")).as("only the kill may fail a backup: %s", failed).contains("interrupted");
            }
            for (Event failed : migrationEnds.stream().filter(e -> e.is("MigrationFailed")).toList()) {
                assertThat(failed.field("message")).as("only the kill may fail a migration: %s", failed)
                        .contains("interrupted");
            }
            // work queued behind the killed instances was done by the others
            long doneAfterKill = log.all(ofTargets.and(e -> e.is("BackupStarted")
                    && Instant.parse(e.field("startedAt")).isAfter(killedAt))).size();
            assertThat(doneAfterKill).as("backups started after the kill (by the second instance)").isPositive();

            // both instances took requests from their partitions and did work
            assertThat(workedA).as("backups taken by backup-service-a before it was killed").isPositive();
            assertThat(stack.get("backup-service-b").logLines("Backup ")).as("backups taken by backup-service-b")
                    .isPositive();
            for (String instance : List.of("migration-service-a", "migration-service-b")) {
                assertThat(stack.get(instance).logLines("Accepted dev.dbops.migration-requested"))
                        .as("migration requests accepted by %s", instance).isPositive();
            }
            assertThat(stack.get("migration-service-b").logLines("Applied ")).as("steps applied by migration-service-b")
                    .isPositive();

            for (String target : targets) {
                assertNoOverlap(target, "BackupStarted", "startedAt", Set.of("BackupCompleted", "BackupFailed"));
                assertNoOverlap(target, "MigrationStarted", "startedAt", Set.of("MigrationCompleted", "MigrationFailed"));
            }
            for (String group : GROUPS) {
                Stacks.await(group + ": the survivor owns every partition", LONG, () -> {
                    Collection<MemberDescription> members = members(admin, group);
                    return members.size() == perInstance.get(group) && members.stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size()).sum() == owned.get(group);
                });
            }
        }
    }

    /** For each request: its end as seen, or (never published) an identity that counts as lost. */
    private void expectEnds(Tally tally, Collection<String> requestIds, Predicate<Event> end, String what) {
        for (String id : requestIds) {
            List<Event> ends = log.all(end.and(e -> id.equals(e.field("requestId"))));
            if (ends.isEmpty()) {
                tally.expectEvent(what + " " + id);
            } else {
                tally.expectEvent(ends.get(0));
            }
        }
    }

    /**
     * Per target, the runs of one kind (from its Started to the end with the same request or backup id)
     * never overlap: one backup, one migration at a time.
     */
    private void assertNoOverlap(String target, String startType, String startField, Set<String> endTypes) {
        Predicate<Event> ofTarget = e -> target.equals(e.key());
        List<Event> starts = log.all(ofTarget.and(e -> e.is(startType)));
        List<Instant[]> runs = new ArrayList<>();
        for (Event start : starts) {
            String id = start.field("requestId");
            log.all(ofTarget.and(e -> endTypes.stream().anyMatch(e::is) && id.equals(e.field("requestId"))))
                    .stream().findFirst().ifPresent(end -> runs.add(new Instant[] {
                        Instant.parse(start.field(startField)), DbopsSystemTest.time(end)}));
        }
        runs.sort(Comparator.comparing(run -> run[0]));
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i)[0]).as("%s of %s starts after the previous one ended", startType, target)
                    .isAfterOrEqualTo(runs.get(i - 1)[1]);
        }
    }

    private static int partitions(Admin admin, String group) {
        return members(admin, group).stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
    }

    /** The group's members now; none while the coordinator cannot say (a rebalance, a slow answer). */
    private static Collection<MemberDescription> members(Admin admin, String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            return description.members();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            System.out.println("[systest] describe " + group + ": " + e);
            return List.of();
        }
    }
}
