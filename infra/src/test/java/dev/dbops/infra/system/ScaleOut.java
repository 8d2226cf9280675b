package dev.dbops.infra.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * manual backup. The first instances of migration- and backup-service are killed (-9) with work in flight;
 * the second ones take their partitions and their pending work. Then backup-service-a comes back and each
 * target gets two restores of its newest backup at once, which the two instances' workers compete for.
 * Checks: every request ends once (completed, or failed cleanly by the kill), no target has two runs of
 * backup-service (backups and restores together) or two migrations at once, both instances worked, and
 * after the kill the survivors own every partition.
 */
final class ScaleOut {

    private static final Duration LONG = Duration.ofMinutes(3);
    private static final String BACKUP_GROUP = "dbops-backup-service";
    private static final List<String> GROUPS = List.of("dbops-migration-service", BACKUP_GROUP);
    private static final Predicate<Event> MIGRATION_END = e -> e.is("MigrationCompleted") || e.is("MigrationFailed");
    private static final Predicate<Event> BACKUP_END = e -> e.is("BackupCompleted") || e.is("BackupFailed");
    private static final Predicate<Event> RESTORE_END = e -> e.is("RestoreCompleted") || e.is("RestoreFailed");

    private final Stack stack;
    private final EventLog log;
    private final List<String> targets;
    private final Predicate<Event> ofTargets;

    ScaleOut(Stack stack, List<String> targets) {
        this.stack = stack;
        this.log = stack.log;
        this.targets = targets;
        this.ofTargets = e -> targets.contains(e.key());
    }

    void run() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.BOOTSTRAP))) {
            // one member per listener container of an instance (migration-service has two: requests, backup events)
            Map<String, Integer> perInstance = new LinkedHashMap<>();
            GROUPS.forEach(group -> perInstance.put(group, members(admin, group).size()));
            assertThat(perInstance.values()).as("members of %s with one instance each", GROUPS).allMatch(n -> n > 0);
            stack.startSecondInstances();
            for (String group : GROUPS) {
                awaitBothInstances(admin, group, 2 * perInstance.get(group));
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
                    ofTargets.and(e -> e.is("BackupStarted")));
            ServiceProcess migrationA = stack.get("migration-service-a");
            ServiceProcess backupA = stack.get("backup-service-a");
            long workedA = backupA.logLines("Backup ");
            migrationA.kill9();
            backupA.kill9();
            Instant killedAt = Instant.now();

            List<Event> migrationEnds = log.awaitUpTo(migrations.size(), LONG,
                    MIGRATION_END.and(e -> migrations.containsKey(e.field("requestId"))));
            List<Event> backupEnds = log.awaitUpTo(backups.size(), LONG,
                    BACKUP_END.and(e -> backups.containsKey(e.field("requestId"))));
            for (String group : GROUPS) {
                Stacks.await(group + ": the survivor owns every partition", LONG, () -> {
                    Collection<MemberDescription> members = members(admin, group);
                    return members.size() == perInstance.get(group) && members.stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size()).sum() == owned.get(group);
                });
            }

            // backup-service-a back, so that two instances' workers compete for each target's restores
            stack.restart(backupA);
            awaitBothInstances(admin, BACKUP_GROUP, 2 * perInstance.get(BACKUP_GROUP));
            Map<String, String> restores = requestTwoRestoresEach();
            List<Event> restoreEnds = log.awaitUpTo(restores.size(), LONG,
                    RESTORE_END.and(e -> restores.containsKey(e.field("requestId"))));
            DbopsSystemIT.settle();

            tally(migrations.keySet(), backups.keySet(), restores.keySet());
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
                    && e.instant("startedAt").isAfter(killedAt))).size();
            assertThat(doneAfterKill).as("backups started after the kill (by the second instance)").isPositive();

            assertBothInstancesWorked(workedA);
            for (String target : targets) {
                SerialRuns.backupService(log, target).assertNoOverlap();
                SerialRuns.migrationService(log, target).assertNoOverlap();
            }
        }
    }

    /**
     * Two restores of each target's newest backup, into two new databases, requested together. The newest:
     * retention keeps one verified backup per hour (GFS), so an older one of the same hour may be expired
     * already. Returns request id to target.
     */
    private Map<String, String> requestTwoRestoresEach() {
        Map<String, String> restores = new LinkedHashMap<>();
        for (String target : targets) {
            Optional<Event> newest = log.all(EventLog.about(target).and(e -> e.is("BackupCompleted"))).stream()
                    .max(Comparator.comparing(e -> e.instant("completedAt")));
            if (newest.isPresent()) {
                for (String into : List.of("_restored_1", "_restored_2")) {
                    restores.put(stack.producer.requestRestore(target, newest.get().field("backupId"),
                            stack.database(target) + into), target);
                }
            }
        }
        return restores;
    }

    private static void awaitBothInstances(Admin admin, String group, int members) {
        Stacks.await(group + " has both instances' members, each owning partitions", LONG, () -> {
            Collection<MemberDescription> now = members(admin, group);
            return now.size() == members && now.stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
        });
    }

    /** Every request ends once, and so does every run that started (a pre-migration backup too). */
    private void tally(Collection<String> migrations, Collection<String> backups, Collection<String> restores) {
        Tally tally = new Tally("scale-out-2x" + targets.size());
        expectEnds(tally, migrations, MIGRATION_END, "migration-end");
        expectEnds(tally, backups, BACKUP_END, "backup-end");
        expectEnds(tally, restores, RESTORE_END, "restore-end");
        for (Event started : log.all(ofTargets.and(e -> e.is("MigrationStarted") || e.is("BackupStarted")))) {
            tally.expectEvent(started);
            expectEnds(tally, List.of(started.field("requestId")), started.is("BackupStarted") ? BACKUP_END : MIGRATION_END,
                    started.is("BackupStarted") ? "backup-end" : "migration-end");
        }
        tally.observeEvents(log.all(ofTargets.and(MIGRATION_END.or(BACKUP_END).or(RESTORE_END)
                .or(e -> e.is("MigrationStarted") || e.is("BackupStarted")))));
        tally.verify();
    }

    /** Both instances took requests from their partitions and did work ({@code backupsA}: a's before its kill). */
    private void assertBothInstancesWorked(long backupsA) {
        assertThat(backupsA).as("backups taken by backup-service-a before it was killed").isPositive();
        assertThat(stack.get("backup-service-b").logLines("Backup ")).as("backups taken by backup-service-b")
                .isPositive();
        for (String instance : List.of("backup-service-a", "backup-service-b")) {
            assertThat(stack.get(instance).logLines("Restore ")).as("restores run by %s", instance).isPositive();
        }
        for (String instance : List.of("migration-service-a", "migration-service-b")) {
            assertThat(stack.get(instance).logLines("Accepted dev.dbops.migration-requested"))
                    .as("migration requests accepted by %s", instance).isPositive();
        }
        assertThat(stack.get("migration-service-b").logLines("Applied ")).as("steps applied by migration-service-b")
                .isPositive();
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
