package dev.dbops.alert.intake;

import dev.dbops.alert.config.AlertSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This instance's stable name in the consumer group, Kafka's group.instance.id (static membership): an
 * instance restarted after a crash takes its partitions back at once, where a new member would wait until
 * the broker gave up on the dead one's consumers (session.timeout.ms). Two live instances with one name
 * would fence each other's consumers, so the name is held as a PostgreSQL advisory lock while the instance
 * runs: a second one stops at start-up, naming the key; a killed one's lock ends with its connection.
 * Without a configured name and on a random port (server.port 0) there is nothing stable to go by, and
 * the consumers join as dynamic members. A static member does not leave its group when it closes, so a
 * stopping instance removes its consumers from the group itself: its partitions move to the others at
 * once, as a dynamic member's do.
 */
@Component
public class ConsumerInstance implements DisposableBean {

    static final String KEY = "dbops.alert.instance-id";
    private static final Logger log = LoggerFactory.getLogger(ConsumerInstance.class);
    // Kafka's legal characters; the listener container appends -0, -1, ... per consumer
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext(?), hashtext(?))";

    private final @Nullable String id;
    private final @Nullable Connection holder;
    private final int consumers;
    private final @Nullable String groupId;
    private final Map<String, Object> adminProperties;

    ConsumerInstance(AlertSettings settings, Environment environment, DataSource dataSource, KafkaProperties kafka)
            throws SQLException {
        this.consumers = settings.intake().concurrency();
        this.groupId = kafka.getConsumer().getGroupId();
        this.adminProperties = kafka.buildAdminProperties();
        this.id = resolve(settings.instanceId(), environment.getProperty("server.port", Integer.class, 8080),
                hostName());
        if (id == null) {
            log.info("Kafka consumers join as dynamic members: no {} and a random port", KEY);
            this.holder = null;
            return;
        }
        this.holder = claim(dataSource, id);
        log.info("Kafka consumers join as static members {}-<n> ({})", id, KEY);
    }

    /** The name: as configured, else host name and port, else none. */
    static @Nullable String resolve(@Nullable String configured, int port, @Nullable String hostName) {
        if (configured != null && !configured.isBlank()) {
            if (!LEGAL.matcher(configured).matches()) {
                throw new IllegalStateException(KEY + " '" + configured
                        + "': use up to 200 letters, digits, '.', '_' and '-' (Kafka's group.instance.id)");
            }
            return configured;
        }
        if (port == 0 || hostName == null) {
            return null;
        }
        return hostName.replaceAll("[^a-zA-Z0-9._-]", "_") + "-" + port;
    }

    /** The listener's consumer properties: group.instance.id, when this instance has a name. */
    public String[] listenerProperties() {
        return id == null ? new String[0] : new String[] {ConsumerConfig.GROUP_INSTANCE_ID_CONFIG + "=" + id};
    }

    private static Connection claim(DataSource dataSource, String id) throws SQLException {
        Connection connection = dataSource.getConnection();
        boolean locked = false;
        try {
            locked = lock(connection, LOCK, id);
        } finally {
            if (!locked) {
                connection.close();
            }
        }
        if (!locked) {
            throw new IllegalStateException(KEY + " '" + id + "' is held by another running instance; give each "
                    + "instance its own " + KEY + " (two with one name would fence each other's Kafka consumers)");
        }
        return connection;
    }

    private static boolean lock(Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, KEY);
            statement.setString(2, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static @Nullable String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv("HOSTNAME");
        }
    }

    /** After the listener containers stopped: leaves the group, then frees the name. */
    @Override
    public void destroy() throws SQLException {
        if (holder != null && id != null) {
            leaveGroup(id);
            // the connection goes back to the pool: the session's lock must not go with it
            try (Connection connection = holder) {
                lock(connection, UNLOCK, id);
            }
        }
    }

    private void leaveGroup(String id) {
        if (groupId == null) {
            return;
        }
        List<MemberToRemove> members = IntStream.range(0, consumers).mapToObj(i -> new MemberToRemove(id + "-" + i))
                .toList();
        try (Admin admin = Admin.create(adminProperties)) {
            admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(members)).all()
                    .get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.info("Could not leave consumer group {}; its partitions move when the session times out: {}", groupId,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
