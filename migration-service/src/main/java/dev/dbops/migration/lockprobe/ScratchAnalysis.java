package dev.dbops.migration.lockprobe;

import dev.dbops.common.event.MigrationPlanned.Rehearsal;
import dev.dbops.common.target.Target;
import dev.dbops.migration.execute.GuardedResolver;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.HistoryTable;
import dev.dbops.migration.project.MigrationProject;
import dev.dbops.migration.project.Step;
import dev.dbops.migration.project.UndoExecution;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.jdbc.Results;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Everything the plan learns on one scratch copy of the target: the locks each pending step takes and,
 * when every step has an undo script, a rollback rehearsal (apply, undo, compare, re-apply, compare).
 *
 * <p>The copy is migrated by Flyway with the project's own configuration, as the request will migrate the
 * target (baseline, callbacks at their events, repeatable scripts after the versioned ones, placeholders,
 * schemas), only each pending script runs through the {@link LockProbe}, which watches its locks. The
 * rehearsal's undo and re-apply run the same way as a rollback and a later request on the target.
 */
@Component
public class ScratchAnalysis {

    private final ScratchDatabases scratchDatabases;
    private final FlywayFactory flyways;

    public ScratchAnalysis(ScratchDatabases scratchDatabases, FlywayFactory flyways) {
        this.scratchDatabases = scratchDatabases;
        this.flyways = flyways;
    }

    /**
     * @param runs by script, for each step that ran, in order; Flyway stops after the first failure
     * @param failure why Flyway stopped outside a step (a callback, its validation), or null
     */
    public record Result(Map<String, StepRun> runs, @Nullable String failure, Rehearsal rehearsal) {
    }

    /**
     * @param steps the plan's pending steps, with the text (placeholders replaced) the lint read
     * @param targetVersion where the request stops; the latest when null
     */
    public Result analyse(Target target, MigrationProject project, @Nullable String targetVersion, List<Step> steps,
            boolean rehearse) throws IOException, SQLException {
        Map<String, Long> rows = estimatedRows(target);
        try (ScratchCopy scratch = scratchDatabases.copyOf(target)) {
            // the copy as loaded, not the target's dump: both sides of the comparison then come from the same server
            String loaded = rehearse ? scratch.schema() : null;
            Map<String, StepRun> runs = new LinkedHashMap<>();
            String failure = migrate(target, project, targetVersion, steps, scratch, new LockProbe(rows), runs);
            StepRun failed = runs.values().stream().filter(run -> run.failure() != null).findFirst().orElse(null);
            if (failed != null || failure != null) {
                return new Result(runs, failed != null ? null : failure, notRehearsed(
                        (failed != null ? failed.script() : "Flyway") + " failed on the scratch copy"));
            }
            return new Result(runs, null, rehearse ? rehearse(scratch, project, targetVersion, loaded, steps)
                    : notRehearsed("disabled by policy"));
        }
    }

    /** Flyway's migrate on the copy; what stopped it outside a step, or null. */
    private @Nullable String migrate(Target target, MigrationProject project, @Nullable String targetVersion,
            List<Step> steps, ScratchCopy scratch, LockProbe probe, Map<String, StepRun> runs) throws SQLException {
        FluentConfiguration configuration = flyways.configure(scratch.asTarget(), project, new FlywayFactory.Options(
                targetVersion, Duration.ZERO, Duration.ZERO, 0, "dbops-lockprobe", true));
        Map<String, Step> byScript = new HashMap<>();
        steps.forEach(step -> byScript.put(step.script(), step));
        Flyway flyway = configuration.skipDefaultResolvers(true)
                .resolvers(new GuardedResolver(configuration.getDataSource(), (migration, context) -> {
                    Step step = byScript.get(migration.getScript());
                    if (step == null) {
                        return migration.getExecutor().execute(context);
                    }
                    StepRun run = probe.run(scratch, context.getConnection(), step);
                    runs.put(step.script(), run);
                    if (run.failure() != null) {
                        throw new SQLException(run.failure().message(), run.failure().sqlState());
                    }
                    return new ArrayList<Results>();
                }))
                .load();
        try (Connection onTarget = target.connect(); Connection onCopy = scratch.connect()) {
            HistoryTable history = HistoryTable.of(flyway, onTarget);
            if (history.exists(onTarget)) {
                history.copyRows(onTarget, onCopy);
            }
        }
        try {
            flyway.migrate();
            return null;
        } catch (FlywayException e) {
            return String.valueOf(e.getMessage()).strip().lines().limit(4).reduce((a, b) -> a + " " + b.strip())
                    .orElse("unknown error");
        }
    }

    /**
     * Undoes the steps newest first and migrates again, both as the request and a rollback would on the target:
     * undo scripts with Flyway's placeholders, default schema and history rows, the re-apply by Flyway with the
     * project's configuration (callbacks, placeholders, schemas, history table).
     */
    private Rehearsal rehearse(ScratchCopy scratch, MigrationProject project, @Nullable String targetVersion,
            String loaded, List<Step> steps) throws IOException, SQLException {
        List<MigrationProject.UndoScript> undo = new ArrayList<>();
        for (Step step : steps) {
            Optional<MigrationProject.UndoScript> script = step.version() == null ? Optional.empty()
                    : project.undoOf(MigrationVersion.fromVersion(step.version()));
            if (script.isEmpty()) {
                return notRehearsed(step.label() + " has no undo script");
            }
            undo.add(0, script.get());
        }
        String applied = scratch.schema();
        Flyway flyway = flyways.flyway(scratch.asTarget(), project, new FlywayFactory.Options(targetVersion,
                Duration.ZERO, Duration.ZERO, 0, "dbops-rehearsal", true));
        try {
            for (MigrationProject.UndoScript script : undo) {
                try (Connection c = scratch.connect()) {
                    UndoExecution.run(c, flyway, script.version(), script.description(), script.script(), script.sql(),
                            scratch.asTarget().username());
                }
            }
            List<String> afterUndo = SchemaDiff.between(loaded, scratch.schema());
            flyway.migrate();
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
        } catch (SQLException | FlywayException e) {
            return new Rehearsal(true, false, "the rehearsal failed: " + e.getMessage(), List.of());
        }
    }

    private static Rehearsal notRehearsed(String why) {
        return new Rehearsal(false, false, "not rehearsed: " + why, List.of());
    }

    /** pg_class.reltuples of the target's tables by schema.name; null where never analysed yet has pages. */
    private static Map<String, Long> estimatedRows(Target target) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = target.connect(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT format('%I.%I', n.nspname, c.relname),
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
