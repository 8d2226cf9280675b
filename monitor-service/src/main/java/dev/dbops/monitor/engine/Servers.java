package dev.dbops.monitor.engine;

import dev.dbops.common.target.Target;
import dev.dbops.monitor.config.MonitorSettings;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The servers the targets live on, by host and port, each with its bounded set of the monitor's connections
 * ({@code dbops.monitor.poll.connections-per-server}) shared by polls and index health checks of its databases.
 */
@Component
public class Servers {

    private final int connectionsPerServer;
    private final TargetConnector connector;
    private final Map<String, ServerConnections> byServer = new ConcurrentHashMap<>();

    Servers(MonitorSettings settings) {
        MonitorSettings.Poll poll = settings.poll();
        this.connectionsPerServer = poll.connectionsPerServer();
        this.connector = new TargetConnector(poll.connectTimeout(), poll.statementTimeout());
    }

    /** host:port of the target's server, as its JDBC URL names it. */
    static String hostPort(Target target) {
        return target.url().replaceFirst("^jdbc:postgresql://([^/?]*).*$", "$1");
    }

    ServerConnections of(Target target) {
        String server = hostPort(target);
        return byServer.computeIfAbsent(server, s -> new ServerConnections(s, connectionsPerServer, connector));
    }

    /** The monitor's open connections to each server, idle or in use. */
    public Map<String, Integer> openConnections() {
        Map<String, Integer> open = new TreeMap<>();
        byServer.forEach((server, connections) -> open.put(server, connections.open()));
        return open;
    }

    void closeIdle() {
        byServer.values().forEach(ServerConnections::closeIdle);
    }
}
