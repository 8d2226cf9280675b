package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SAGA;
import static dev.dbops.infra.system.DbopsSystemIT.SOON;
import static dev.dbops.infra.system.DbopsSystemIT.awaitDelivery;
import static dev.dbops.infra.system.DbopsSystemIT.observeDeliveries;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.DbopsSystemIT.types;
import static dev.dbops.infra.system.EventLog.about;
import static dev.dbops.infra.system.EventLog.request;
import static dev.dbops.infra.system.Producer.BACKUP_REQUESTS;
import static dev.dbops.infra.system.Producer.MIGRATION_REQUESTS;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.infra.system.EventLog.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records no consumer can process, on both request topics (not JSON, an unknown type, a missing field,
 * an unknown target) and on the monitor's topic (not JSON): each lands in {@code <topic>-dlt} with a
 * {@code dbops_dlt_reason}, and a good record behind them on the same partition is processed.
 */
final class PoisonRecords {

    private static final String TARGET = "poison";
    private static final String UNKNOWN = "nosuchtarget";

    private final Stack stack;
    private final Producer producer;
    private final List<String> poisons = new ArrayList<>();

    PoisonRecords(Stack stack) {
        this.stack = stack;
        this.producer = stack.producer;
    }

    void run() {
        poisons.add(producer.sendRaw(MIGRATION_REQUESTS, TARGET, "MigrationRequested", "{\"requestId\": \"x\", not JSON"));
        poisons.add(producer.sendRawType(MIGRATION_REQUESTS, TARGET, "dev.dbops.no-such-event.v1", "{}"));
        poisons.add(producer.sendRaw(MIGRATION_REQUESTS, TARGET, "MigrationRequested",
                "{\"target\":\"%s\",\"requestedBy\":\"systest\",\"reason\":\"no requestId\"}".formatted(TARGET)));
        poisons.add(producer.sendRaw(MIGRATION_REQUESTS, UNKNOWN, "MigrationRequested",
                Producer.migrationJson(UUID.randomUUID().toString(), UNKNOWN, null, false, true)));
        String plan = UUID.randomUUID().toString();
        producer.send(MIGRATION_REQUESTS, TARGET, "MigrationRequested", Producer.migrationJson(plan, TARGET, null, false, true));

        poisons.add(producer.sendRaw(BACKUP_REQUESTS, TARGET, "BackupRequested", "not JSON at all"));
        poisons.add(producer.sendRawType(BACKUP_REQUESTS, TARGET, "dev.dbops.no-such-event.v1", "{}"));
        poisons.add(producer.sendRaw(BACKUP_REQUESTS, TARGET, "BackupRequested",
                "{\"requestId\":\"%s\",\"target\":\"%s\"}".formatted(UUID.randomUUID(), TARGET)));
        poisons.add(producer.sendRaw(BACKUP_REQUESTS, UNKNOWN, "BackupRequested",
                Producer.backupJson(UUID.randomUUID().toString(), UNKNOWN)));
        String backup = producer.requestBackup(TARGET);

        poisons.add(producer.sendRaw(MONITOR_EVENTS, TARGET, "ThresholdBreached", "{\"target\": oops"));
        producer.send(MONITOR_EVENTS, TARGET, "ThresholdBreached", """
                {"target":"%s","rule":"systest.poison","severity":"critical","value":1,"threshold":0,"unit":"x",\
                "since":"%s","details":{}}""".formatted(TARGET, Instant.now()));

        EventLog log = stack.log;
        List<Event> dead = log.await("a dead letter with a reason for each poison record", poisons.size(), SOON,
                e -> e.topic().endsWith("-dlt") && poisons.contains(e.id()));
        for (Event e : dead) {
            assertThat(e.headers().get("dbops_dlt_reason")).as("reason of %s", e).isNotBlank();
            assertThat(e.topic()).isIn(MIGRATION_REQUESTS + "-dlt", BACKUP_REQUESTS + "-dlt", MONITOR_EVENTS + "-dlt");
        }
        Tally tally = new Tally("poison-records").expectEvents(dead)
                .expectEvent(log.awaitOne("MigrationPlanned after the poison", SOON, request("MigrationPlanned", plan)))
                .expectEvent(log.awaitOne("BackupCompleted after the poison", SAGA, request("BackupCompleted", backup)))
                .expectDelivery("pagerduty", awaitDelivery(stack.pagerDuty, "trigger " + TARGET + "/systest.poison"))
                .expectDelivery("slack", awaitDelivery(stack.slack, "FIRING critical · " + TARGET + " · systest.poison"));
        settle();
        tally.observeEvents(log.all(e -> e.topic().endsWith("-dlt") && poisons.contains(e.id())))
                .observeEvents(log.all(about(TARGET).and(types("MigrationPlanned", "BackupCompleted"))));
        observeDeliveries(tally, TARGET);
        tally.verify();
    }
}
