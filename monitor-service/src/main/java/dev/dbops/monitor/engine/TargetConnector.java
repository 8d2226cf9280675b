package dev.dbops.monitor.engine;

import dev.dbops.common.target.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens the monitor's connection to a target: fail fast when it is unreachable (connect and login timeouts),
 * every monitoring query under a short statement_timeout, read-only, never waiting long for a lock, and a
 * socket timeout so a target that stops answering mid-query cannot hold the poll.
 */
public final class TargetConnector {

    static final String APPLICATION_NAME = "dbops-monitor";

    private final Duration connectTimeout;
    private final Duration statementTimeout;

    public TargetConnector(Duration connectTimeout, Duration statementTimeout) {
        this.connectTimeout = connectTimeout;
        this.statementTimeout = statementTimeout;
    }

    public Connection connect(Target target) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.username());
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        int connectSeconds = (int) Math.max(1, Math.ceil(connectTimeout.toMillis() / 1000.0));
        props.setProperty("connectTimeout", Integer.toString(connectSeconds));
        props.setProperty("loginTimeout", Integer.toString(connectSeconds));
        props.setProperty("socketTimeout", Long.toString(Math.max(5, statementTimeout.toSeconds() + 5)));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("options", "-c statement_timeout=" + statementTimeout.toMillis()
                + " -c lock_timeout=" + Math.min(500, statementTimeout.toMillis())
                + " -c default_transaction_read_only=on -c idle_in_transaction_session_timeout=60000");
        Connection connection = DriverManager.getConnection(target.url(), props);
        connection.setAutoCommit(true);
        return connection;
    }
}
