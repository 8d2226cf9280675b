package dev.dbops.migration.lockprobe;

import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One scratch database per target and instance ({@code dbops_scratch_<target>_<instance>}), created on
 * first use, emptied and reloaded for every plan, dropped when the service stops. Not dropped per plan on
 * purpose: DROP DATABASE forces an immediate checkpoint on the target's server, a burst of writes that
 * stalls the target's clients, which is exactly what a migration must not do.
 */
@Component
public class ScratchDatabases implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScratchDatabases.class);
    public static final String PREFIX = "dbops_scratch_";

    private final PgTools tools;
    private final TargetRegistry targets;
    private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, String> created = new ConcurrentHashMap<>();

    public ScratchDatabases(PgTools tools, TargetRegistry targets) {
        this.tools = tools;
        this.targets = targets;
    }

    /** A fresh schema-only copy of the target; one plan of a target at a time uses it, until closed. */
    public ScratchCopy copyOf(Target target) throws IOException, SQLException {
        ReentrantLock lock = locks.computeIfAbsent(target.id(), id -> new ReentrantLock());
        lock.lock();
        try {
            String database = created.get(target.id());
            if (database == null) {
                database = PREFIX + target.id().replace('-', '_') + "_" + instance;
                try (Connection c = target.connect()) {
                    c.createStatement().execute("CREATE DATABASE " + database + " TEMPLATE template0");
                }
                created.put(target.id(), database);
            } else {
                empty(target, database);
            }
            tools.load(target, database, tools.dumpSchema(target, target.database()));
            return new ScratchCopy(target, tools, database, lock::unlock);
        } catch (IOException | SQLException | RuntimeException e) {
            lock.unlock();
            throw e;
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
        created.forEach((targetId, database) -> targets.find(targetId).ifPresent(target -> {
            // from the target's database, or the server's maintenance database when that one is gone
            for (String from : List.of(target.database(), "postgres")) {
                try (Connection c = target.connectTo(from)) {
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                    return;
                } catch (SQLException e) {
                    log.debug("Could not drop scratch database {} from {}: {}", database, from, e.getMessage());
                }
            }
            log.warn("Could not drop scratch database {} of target {}", database, targetId);
        }));
    }
}
