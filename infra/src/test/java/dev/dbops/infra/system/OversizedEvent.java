package dev.dbops.infra.system;

import static dev.dbops.infra.system.DbopsSystemIT.SOON;
import static dev.dbops.infra.system.DbopsSystemIT.awaitDelivery;
import static dev.dbops.infra.system.DbopsSystemIT.settle;
import static dev.dbops.infra.system.Producer.MONITOR_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An event too large for Kafka in the monitor-service's outbox (1.5 MB; the broker's and the producer's
 * limit is 1 MiB), written in one transaction with a breach behind it: the relay parks the large one in
 * {@code dbops_outbox_parked} with Kafka's reason and sends the breach, which pages.
 */
final class OversizedEvent {

    static final String TARGET = "oversized";
    private static final int PAYLOAD_CHARS = 1_500_000;

    private final Stack stack;

    OversizedEvent(Stack stack) {
        this.stack = stack;
    }

    void run() throws SQLException {
        String platform = stack.prefix + "_platform";
        String large = UUID.randomUUID().toString();
        String behind = UUID.randomUUID().toString();
        String breach = """
                {"target":"%s","rule":"%s","severity":"critical","value":1,"threshold":0,"unit":"x",\
                "since":"%s","details":{%s}}""";
        try (Connection c = stack.shared.connect(platform)) {
            c.setAutoCommit(false);
            // as the monitor-service writes its events: with the state change, in its own schema's outbox
            insert(c, large, breach.formatted(TARGET, "systest.oversized", Instant.now(),
                    "\"blob\":\"" + "x".repeat(PAYLOAD_CHARS) + "\""));
            insert(c, behind, breach.formatted(TARGET, "systest.behind-oversized", Instant.now(), ""));
            c.commit();
        }

        EventLog log = stack.log;
        log.awaitOne("the breach behind the oversized event", SOON, e -> e.id().equals(behind));
        String page = awaitDelivery(stack.pagerDuty, "trigger " + TARGET + "/systest.behind-oversized");
        Postgres pg = stack.shared;
        List<String> parked = pg.query(platform, "SELECT reason FROM monitor.dbops_outbox_parked WHERE event_id = '"
                + large + "'");
        assertThat(parked).as("parked with Kafka's reason").singleElement().asString().containsIgnoringCase("large");
        assertThat(pg.query(platform, "SELECT count(*) FROM monitor.dbops_outbox WHERE event_id IN ('" + large + "', '"
                + behind + "')")).as("left in the outbox").containsExactly("0");
        settle();
        assertThat(log.all(e -> e.id().equals(large))).as("the oversized event on any topic").isEmpty();
        System.out.printf("SYSTEST oversized-event payload=%d chars parked=1 (%s) the breach behind it paged=%s%n",
                PAYLOAD_CHARS, parked.get(0), page);
    }

    private static void insert(Connection c, String id, String payload) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO monitor.dbops_outbox (event_id, topic, event_key, ce_type, ce_source, ce_time, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, id);
            s.setString(2, MONITOR_EVENTS);
            s.setString(3, TARGET);
            s.setString(4, EventLog.type("ThresholdBreached"));
            s.setString(5, Producer.ownerOf(MONITOR_EVENTS));
            s.setTimestamp(6, Timestamp.from(Instant.now()));
            s.setString(7, payload);
            s.executeUpdate();
        }
    }
}
