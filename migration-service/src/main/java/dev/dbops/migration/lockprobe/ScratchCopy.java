package dev.dbops.migration.lockprobe;

import dev.dbops.common.target.Target;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A schema-only copy of a target (pg_dump --schema-only) in a scratch database on the target's server.
 * Nothing that runs here touches the target. Closing it hands the scratch database back.
 */
public final class ScratchCopy implements AutoCloseable {

    private final Target target;
    private final SchemaTools tools;
    private final String database;
    private final Runnable release;

    ScratchCopy(Target target, SchemaTools tools, String database, Runnable release) {
        this.target = target;
        this.tools = tools;
        this.database = database;
        this.release = release;
    }

    public Connection connect() throws SQLException {
        return target.connectTo(database);
    }

    /** The copy as a server of its own, for a Flyway pointed at it instead of the target. */
    public Target asTarget() {
        return Target.server(target.id() + "-scratch", target.urlOf(database), target.username(), target.password());
    }

    /** The copy's schema now. */
    public String schema() throws IOException {
        return tools.dumpSchema(target, database);
    }

    @Override
    public void close() {
        release.run();
    }
}
