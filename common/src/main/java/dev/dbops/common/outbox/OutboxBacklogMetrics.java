package dev.dbops.common.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox backlog as gauges, read at scrape time: {@code dbops_outbox_pending} (events committed but not
 * yet on Kafka: grows while the broker is away) and {@code dbops_outbox_parked} (events Kafka refused, waiting
 * for an operator). NaN while the platform database cannot be read, so an outage is not mistaken for zero.
 */
class OutboxBacklogMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;

    OutboxBacklogMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("dbops.outbox.pending", () -> count("dbops_outbox"))
                .description("Outbox events waiting to be sent to Kafka").register(registry);
        Gauge.builder("dbops.outbox.parked", () -> count("dbops_outbox_parked"))
                .description("Outbox events Kafka refused, parked for an operator").register(registry);
    }

    private double count(String table) {
        try {
            Long rows = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
            return rows == null ? Double.NaN : rows;
        } catch (DataAccessException unreadable) {
            return Double.NaN;
        }
    }
}
