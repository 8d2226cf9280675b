package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SOON;
import static dev.dbops.infra.system.DbopsSystemIT.awaitDelivery;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Facts from a foreign source (a requester writing the monitor's and the backup-service's topics): each is
 * dead-lettered by every consumer with the reason, pages no one, and the owner's fact behind it pages.
 */
final class ForgedFacts {

    static final String TARGET = "forged";
    private static final String ATTACKER = "/somebody/else";

    private final Stack stack;

    ForgedFacts(Stack stack) {
        this.stack = stack;
    }

    void run() {
        String breach = """
                {"target":"%s","rule":"%s","severity":"critical","value":1,"threshold":0,"unit":"x",\
                "since":"%s","details":{}}""";
        Map<String, String> forgedBreach = Producer.headers("ThresholdBreached", TARGET);
        forgedBreach.put("ce_source", ATTACKER);
        stack.producer.send(MONITOR_EVENTS, TARGET, forgedBreach, breach.formatted(TARGET, "systest.forged", Instant.now()));
        Map<String, String> forgedBackup = Producer.headers("BackupCompleted", TARGET);
        forgedBackup.put("ce_source", ATTACKER);
        stack.producer.send("dbops.backup.events", TARGET, forgedBackup, """
                {"backupId":"forged","target":"%s","reason":"manual","sizeBytes":1,"manifestSha256":"00",\
                "durationMs":1,"location":"file:///forged","completedAt":"%s"}""".formatted(TARGET, Instant.now()));
        stack.producer.send(MONITOR_EVENTS, TARGET, "ThresholdBreached",
                breach.formatted(TARGET, "systest.genuine", Instant.now()));

        EventLog log = stack.log;
        List<String> forged = List.of(forgedBreach.get("ce_id"), forgedBackup.get("ce_id"));
        // monitor facts: alert-service; backup facts: alert-, monitor- and migration-service each dead-letter it
        List<Event> dead = log.await("the forged facts dead-lettered", 4, SOON,
                e -> e.topic().endsWith("-dlt") && forged.contains(e.id()));
        for (Event e : dead) {
            assertThat(e.headers().get("dbops_dlt_reason")).as("reason of %s", e).contains("from source '" + ATTACKER
                    + "': only its owner");
        }
        awaitDelivery(stack.pagerDuty, "trigger " + TARGET + "/systest.genuine");
        settle();
        assertThat(stack.pagerDuty.accepted(" " + TARGET + "/systest.forged")).isEmpty();
        assertThat(stack.slack.accepted(" " + TARGET + " · systest.forged")).isEmpty();
        System.out.printf("SYSTEST forged-facts forged=%d dead-lettered=%d paged-for-forged=0%n", forged.size(),
                dead.size());
    }
}
