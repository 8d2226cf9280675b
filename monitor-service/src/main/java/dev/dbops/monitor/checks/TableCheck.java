package dev.dbops.monitor.checks;

import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Dead tuples per table (a heavy check). Two rules, each judged on the worst table with at least
 * {@code minDeadTuples} dead tuples: {@code table.dead-tuples}, dead tuples as a share of all tuples, and
 * {@code table.autovacuum-lag}, dead tuples as a multiple of the point where autovacuum should have started
 * (autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × reltuples; per-table storage parameters are
 * not read). A table at 2× that point is one autovacuum has not kept up with.
 */
public final class TableCheck {

    record TableDeadTuples(String schema, String table, long live, long dead, double trigger, String lastAutovacuum) {

        double deadPercent() {
            return 100.0 * dead / Math.max(1, live + dead);
        }

        double lag() {
            return dead / Math.max(1, trigger);
        }
    }

    public void run(Connection connection, long minDeadTuples, Observations obs) throws SQLException {
        List<TableDeadTuples> tables = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(MonitorSql.TAG + """
                SELECT t.schemaname, t.relname, t.n_live_tup, t.n_dead_tup,
                       current_setting('autovacuum_vacuum_threshold')::float8
                         + current_setting('autovacuum_vacuum_scale_factor')::float8 * greatest(c.reltuples, 0),
                       coalesce(greatest(t.last_autovacuum, t.last_vacuum)::text, 'never')
                FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
                WHERE t.n_dead_tup >= ?""")) {
            s.setLong(1, minDeadTuples);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableDeadTuples(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getDouble(5), rs.getString(6)));
                }
            }
        }
        judge(tables, obs);
    }

    static void judge(List<TableDeadTuples> tables, Observations obs) {
        obs.value("tables.dead-tuples", tables.stream().mapToLong(TableDeadTuples::dead).sum());
        obs.reading(worst(Rule.TABLE_DEAD_TUPLES, tables, TableDeadTuples::deadPercent));
        obs.reading(worst(Rule.TABLE_AUTOVACUUM_LAG, tables, TableDeadTuples::lag));
    }

    private static Reading worst(Rule rule, List<TableDeadTuples> tables, ToDoubleFunction<TableDeadTuples> measure) {
        List<TableDeadTuples> ranked = tables.stream()
                .sorted(Comparator.comparingDouble(measure).reversed()).limit(5).toList();
        if (ranked.isEmpty()) {
            return Reading.of(rule, 0);
        }
        List<Map<String, Object>> top = ranked.stream().map(t -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("table", t.schema() + "." + t.table());
            d.put("deadTuples", t.dead());
            d.put("liveTuples", t.live());
            d.put("deadPercent", Math.round(t.deadPercent() * 10) / 10.0);
            d.put("autovacuumLag", Math.round(t.lag() * 100) / 100.0);
            d.put("lastVacuum", t.lastAutovacuum());
            return d;
        }).toList();
        return Reading.of(rule, measure.applyAsDouble(ranked.get(0)), Map.of("tables", top));
    }
}
