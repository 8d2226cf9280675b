package dev.dbops.monitor.checks;

import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/** Database size (a stat of every file: a heavy check), against the target's quota when one is configured. */
public final class SizeCheck {

    public void run(Connection connection, @Nullable DataSize quota, Observations obs) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(MonitorSql.TAG + "SELECT pg_database_size(current_database())")) {
            rs.next();
            long bytes = rs.getLong(1);
            obs.value("database.size.bytes", bytes);
            if (quota != null && quota.toBytes() > 0) {
                obs.reading(Reading.of(Rule.STORAGE_USAGE, 100.0 * bytes / quota.toBytes(),
                        Map.of("sizeBytes", bytes, "quotaBytes", quota.toBytes())));
            }
        }
    }
}
