package dev.dbops.monitor.engine;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.monitor.config.MonitorSettings;
import dev.dbops.monitor.indexes.IndexAdvisor;
import dev.dbops.monitor.indexes.IndexCatalog;
import dev.dbops.monitor.indexes.IndexReport;
import dev.dbops.monitor.status.StatusBoard;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Index health of a target, on its own short-lived connection (never the poller's, its statement timeout is
 * longer) in one of the server's slots: refreshed on a schedule into the status and metrics, and on demand for
 * REST.
 */
@Component
public class IndexHealth {

    private static final Logger log = LoggerFactory.getLogger(IndexHealth.class);

    private final TargetRegistry targets;
    private final TargetConnector connector;
    private final Servers servers;
    private final Duration slotWait;
    private final IndexAdvisor.Settings settings;
    private final StatusBoard board;
    private final Clock clock;

    IndexHealth(TargetRegistry targets, MonitorSettings properties, Servers servers, StatusBoard board, Clock clock) {
        this.targets = targets;
        this.servers = servers;
        MonitorSettings.Poll poll = properties.poll();
        Duration timeout = poll.statementTimeout().compareTo(Duration.ofSeconds(10)) > 0 ? poll.statementTimeout()
                : Duration.ofSeconds(10);
        this.connector = new TargetConnector(poll.connectTimeout(), timeout);
        this.slotWait = timeout;
        MonitorSettings.Indexes indexes = properties.indexes();
        this.settings = new IndexAdvisor.Settings(indexes.unusedMinSize().toBytes(), indexes.seqScanMinRows(),
                indexes.seqScanMaxIndexPercent());
        this.board = board;
        this.clock = clock;
    }

    public IndexReport report(Target target) throws SQLException {
        ServerConnections connections = servers.of(target);
        Connection connection;
        try {
            connection = connections.open(target, connector::connect, slotWait);
        } catch (ServerConnections.NoSlot e) {
            throw new SQLException(e.getMessage(), TargetPoller.TOO_MANY_CONNECTIONS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", TargetPoller.TOO_MANY_CONNECTIONS);
        }
        try {
            IndexReport report = IndexAdvisor.advise(target.id(), clock.instant(), IndexCatalog.indexes(connection),
                    IndexCatalog.foreignKeys(connection), IndexCatalog.tables(connection), settings);
            board.update(report);
            return report;
        } finally {
            connections.close(connection);
        }
    }

    public void refresh(Target target) {
        try {
            IndexReport report = report(target);
            log.info("Index health of target {}: {} unused, {} duplicate, {} unindexed foreign keys, {} tables read "
                    + "mostly by sequential scans", target.id(), report.unused().size(), report.duplicates().size(),
                    report.unindexedForeignKeys().size(), report.seqScanTables().size());
        } catch (SQLException e) {
            log.warn("Index health of target {} not checked: {}", target.id(), targets.redact(String.valueOf(e.getMessage())));
        }
    }
}
