package dev.dbops.migration.lockprobe;

import dev.dbops.common.target.Target;
import dev.dbops.common.event.MigrationPlanned.Rehearsal;
import dev.dbops.migration.plan.Step;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Everything the plan learns on one scratch copy of the target: the locks each pending step takes and,
 * when every step has an undo script, a rollback rehearsal (apply, undo, compare, re-apply, compare).
 */
@Component
public class ScratchAnalysis {

    private final ScratchDatabases scratchDatabases;

    public ScratchAnalysis(ScratchDatabases scratchDatabases) {
        this.scratchDatabases = scratchDatabases;
    }

    /** @param runs one per step that ran, in order; stops after the first failure */
    public record Result(List<StepRun> runs, Rehearsal rehearsal) {
    }

    public Result analyse(Target target, List<Step> steps, Function<Step, Optional<String>> undoSql,
            boolean rehearse) throws IOException, SQLException {
        Map<String, Long> rows = estimatedRows(target);
        try (ScratchCopy scratch = scratchDatabases.copyOf(target)) {
            // the copy as loaded, not the target's dump: both sides of the comparison then come from the same server
            String loaded = rehearse ? scratch.schema() : null;
            LockProbe probe = new LockProbe(rows);
            List<StepRun> runs = new ArrayList<>();
            for (Step step : steps) {
                StepRun run = probe.run(scratch, step);
                runs.add(run);
                if (run.failure() != null) {
                    return new Result(runs, notRehearsed(step.label() + " failed on the scratch copy"));
                }
            }
            return new Result(runs, rehearse ? rehearse(scratch, loaded, steps, undoSql) : notRehearsed("disabled by policy"));
        }
    }

    private Rehearsal rehearse(ScratchCopy scratch, String loaded, List<Step> steps, Function<Step, Optional<String>> undoSql)
            throws IOException, SQLException {
        List<String> undo = new ArrayList<>();
        for (Step step : steps) {
            Optional<String> sql = step.version() == null ? Optional.empty() : undoSql.apply(step);
            if (sql.isEmpty()) {
                return notRehearsed(step.label() + " has no undo script");
            }
            undo.add(0, sql.get());
        }
        String applied = scratch.schema();
        try (Connection c = scratch.connect()) {
            for (String sql : undo) {
                ScriptRunner.run(c, sql, true);
            }
            List<String> afterUndo = SchemaDiff.between(loaded, scratch.schema());
            for (Step step : steps) {
                ScriptRunner.run(c, step.sql(), step.transactional());
            }
            List<String> afterReapply = SchemaDiff.between(applied, scratch.schema());
            List<String> differences = new ArrayList<>();
            afterUndo.forEach(d -> differences.add("after undo: " + d));
            afterReapply.forEach(d -> differences.add("after re-apply: " + d));
            String summary = differences.isEmpty()
                    ? "apply, undo and re-apply of " + steps.size() + " step(s) left identical schemas"
                    : (afterUndo.isEmpty() ? "" : "undo does not restore the schema; ")
                            + (afterReapply.isEmpty() ? "" : "re-applying after undo gives a different schema");
            return new Rehearsal(true, differences.isEmpty(), summary,
                    differences.subList(0, Math.min(20, differences.size())));
        } catch (SQLException e) {
            return new Rehearsal(true, false, "the rehearsal failed: " + e.getMessage(), List.of());
        }
    }

    private static Rehearsal notRehearsed(String why) {
        return new Rehearsal(false, false, "not rehearsed: " + why, List.of());
    }

    /** pg_class.reltuples of the target's tables; null where never analysed yet has pages. */
    private static Map<String, Long> estimatedRows(Target target) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = target.connect(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT c.oid::regclass::text,
                       CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint
                            WHEN pg_relation_size(c.oid) = 0 THEN 0 END
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')""")) {
            while (rs.next()) {
                rows.put(rs.getString(1), (Long) rs.getObject(2));
            }
        }
        return rows;
    }
}
