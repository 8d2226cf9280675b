package dev.dbops.migration.lockprobe;

import dev.dbops.common.engine.TargetLock;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One scratch database per target database ({@code dbops_scratch_<database>}) on the target's server,
 * created on first use, emptied and reloaded for every plan, dropped when the service stops. Not dropped
 * per plan on purpose: DROP DATABASE forces an immediate checkpoint on the target's server, a burst of
 * writes that stalls the target's clients, which is exactly what a migration must not do.
 *
 * <p>The name is stable, so an instance killed before it could drop its copy leaves no leak: the next
 * plan of any instance adopts and empties it. An advisory lock on the target serialises the plans of
 * every instance on that one copy, and an instance stopping drops it only when no other one is using it.
 */
@Component
public class ScratchDatabases implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScratchDatabases.class);
    public static final String PREFIX = "dbops_scratch_";
    private static final int MAX_IDENTIFIER = 63;

    /**
     * "dbop" in ASCII: the class of the migration-service's advisory locks on a target's own server (Flyway's
     * own lock uses other keys); key 1 is the migration of the target, key 2 its scratch copy.
     */
    public static final int LOCK_CLASS = 0x64626f70;
    static final TargetLock.Key SCRATCH_LOCK = TargetLock.Key.numbered(LOCK_CLASS, 2);

    /**
     * How long a plan waits for another plan of the same target to be done with the scratch copy: longer than
     * a plan takes, short enough that a stuck holder (a hung session) does not stall every later plan.
     */
    static final Duration SCRATCH_WAIT = Duration.ofMinutes(2);

    private final SchemaTools tools;
    private final TargetRegistry targets;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    public ScratchDatabases(SchemaTools tools, TargetRegistry targets) {
        this.tools = tools;
        this.targets = targets;
    }

    /** A fresh schema-only copy of the target; one plan of a target at a time uses it, until closed. */
    public ScratchCopy copyOf(Target target) throws IOException, SQLException {
        TargetLock lock = lockScratch(target, SCRATCH_WAIT);
        try {
            String database = nameFor(target.database());
            used.add(target.id());
            if (exists(target, database)) {
                empty(target, database);
            } else {
                try (Connection c = target.connect()) {
                    c.createStatement().execute("CREATE DATABASE " + database + " TEMPLATE template0");
                }
            }
            tools.load(target, database, tools.dumpSchema(target, target.database()));
            return new ScratchCopy(target, tools, database, lock::close);
        } catch (IOException | SQLException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The scratch-copy lock, once the instance (or plan) that uses the scratch database is done with it.
     *
     * @throws SQLException (SQLState 55P03) when another plan held it for all of {@code wait}
     */
    static TargetLock lockScratch(Target target, Duration wait) throws SQLException {
        try {
            return TargetLock.acquire(target::connect, SCRATCH_LOCK, wait);
        } catch (SQLException e) {
            if (TargetLock.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new SQLException("the scratch copy of target " + target.id() + " stayed in use by another plan for "
                        + wait.toMillis() + " ms", e.getSQLState(), e);
            }
            throw e;
        }
    }

    /** A valid unquoted identifier, unique per target database (hashed when the name would be too long). */
    static String nameFor(String targetDatabase) {
        String name = PREFIX + targetDatabase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        String hash = HexFormat.of().toHexDigits(targetDatabase.hashCode());
        return name.substring(0, MAX_IDENTIFIER - hash.length() - 1) + "_" + hash;
    }

    private static boolean exists(Target target, String database) throws SQLException {
        try (Connection c = target.connect();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops every schema and extension the last plan loaded, leaving an empty public schema. */
    private static void empty(Target target, String database) throws SQLException {
        try (Connection c = target.connectTo(database); Statement s = c.createStatement()) {
            List<String> drops = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT 'DROP EXTENSION IF EXISTS ' || quote_ident(extname) || ' CASCADE' "
                    + "FROM pg_extension WHERE extname <> 'plpgsql'")) {
                while (rs.next()) {
                    drops.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT 'DROP SCHEMA ' || quote_ident(nspname) || ' CASCADE' "
                    + "FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
                    + "AND nspname NOT LIKE 'pg\\_%'")) {
                while (rs.next()) {
                    drops.add(rs.getString(1));
                }
            }
            for (String drop : drops) {
                s.execute(drop);
            }
            s.execute("CREATE SCHEMA public");
        }
    }

    @Override
    public void destroy() {
        used.forEach(targetId -> targets.find(targetId).ifPresent(target -> {
            String database = nameFor(target.database());
            try {
                Optional<TargetLock> lock = TargetLock.tryAcquire(target::connect, SCRATCH_LOCK);
                if (lock.isEmpty()) {
                    log.info("Scratch database {} is in use by another instance; leaving it to that one", database);
                    return;
                }
                try (TargetLock held = lock.get(); Connection c = target.connect()) {
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            } catch (SQLException e) {
                log.warn("Could not drop scratch database {} of target {}: {}", database, targetId, e.getMessage());
            }
        }));
    }
}
