package dev.dbops.migration.gate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.migration.config.MigrationSettings;
import dev.dbops.migration.config.TargetPolicies;
import dev.dbops.migration.execute.LockSafeRunner;
import dev.dbops.migration.lockprobe.SchemaTools;
import dev.dbops.migration.lockprobe.ScratchAnalysis;
import dev.dbops.migration.lockprobe.ScratchDatabases;
import dev.dbops.migration.plan.Plan;
import dev.dbops.migration.plan.PlanRejectedException;
import dev.dbops.migration.plan.Planner;
import dev.dbops.migration.plan.TargetInspector;
import dev.dbops.migration.project.FlywayFactory;
import dev.dbops.migration.project.ProjectRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code gate --project DIR --url jdbc:postgresql://...}: the plan the migration-service would make for that
 * folder and database (static lint, and the scratch copy's observations unless {@code --no-lock-probe}),
 * printed as text, JSON or SARIF. Exit 0: nothing blocks; 1: a finding blocks (or Flyway refuses the
 * project); 2: usage or connection error. The same components as the service, wired by hand: no Kafka, no
 * platform database, no web server.
 */
public final class Gate {

    static final int PASS = 0;
    static final int BLOCKED = 1;
    static final int ERROR = 2;
    private static final String TARGET = "gate";

    private final PrintStream out;
    private final PrintStream err;

    Gate(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        logWarningsToStandardError();
        System.exit(new Gate(System.out, System.err).run(args));
    }

    /** Standard output carries the report (JSON, SARIF) alone: Flyway's and the driver's logs go to stderr. */
    private static void logWarningsToStandardError() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{20}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
    }

    int run(String... args) {
        GateOptions options;
        try {
            options = GateOptions.parse(args);
        } catch (GateOptions.UsageException e) {
            err.println("gate: " + e.getMessage());
            err.println(GateOptions.USAGE);
            return ERROR;
        }
        Binder binder = new Binder(new MapConfigurationPropertySource(properties(options)));
        TargetRegistry targets = new TargetRegistry(binder.bindOrCreate("dbops",
                TargetProperties.class));
        MigrationSettings settings = binder.bindOrCreate("dbops.migration", MigrationSettings.class);
        ScratchDatabases scratch = new ScratchDatabases(new SchemaTools(settings, targets), targets);
        try {
            FlywayFactory flyways = new FlywayFactory();
            Planner planner = new Planner(targets, new ProjectRegistry(settings, targets, new TargetPolicies(settings)),
                    new TargetInspector(flyways), new ScratchAnalysis(scratch, flyways));
            Plan plan = planner.planMigration(TARGET, options.targetVersion(), options.overrideFindings());
            print(options, plan);
            return plan.blocked() ? BLOCKED : PASS;
        } catch (PlanRejectedException e) {
            err.println("gate: " + e.code() + ": " + e.getMessage());
            return ERROR;
        } catch (FlywayException e) {
            err.println("gate: " + targets.redact(String.valueOf(e.getMessage())));
            // a database that cannot be reached is the pipeline's problem; a script Flyway refuses is the change's
            return LockSafeRunner.sqlCause(e) != null ? ERROR : BLOCKED;
        } catch (SQLException | IOException | RuntimeException e) {
            err.println("gate: cannot plan against the database: " + targets.redact(String.valueOf(e.getMessage())));
            return ERROR;
        } finally {
            if (!options.keepScratchCopy()) {
                // the next plan of the service or gate adopts a copy left behind, so keeping it is safe too
                scratch.destroy();
            }
        }
    }

    private void print(GateOptions options, Plan plan) throws IOException {
        String uriPrefix = options.project().normalize().toString().replace('\\', '/') + "/";
        if (options.jsonFile() != null) {
            Files.writeString(options.jsonFile(), GateReports.json(plan));
        }
        if (options.sarifFile() != null) {
            Files.writeString(options.sarifFile(), GateReports.sarif(plan, uriPrefix));
        }
        out.print(switch (options.format()) {
            case "json" -> GateReports.json(plan) + "\n";
            case "sarif" -> GateReports.sarif(plan, uriPrefix) + "\n";
            default -> GateReports.text(plan);
        });
    }

    /** The service's own configuration keys, so that the gate plans exactly as the service would. */
    private static Map<String, Object> properties(GateOptions options) {
        Map<String, Object> p = new HashMap<>();
        p.put("dbops.targets." + TARGET + ".url", options.url());
        p.put("dbops.targets." + TARGET + ".username", options.user());
        String password = System.getenv("PGPASSWORD");
        if (password != null) {
            p.put("dbops.targets." + TARGET + ".password", password);
        }
        p.put("dbops.migration.targets." + TARGET + ".project", options.project().toString());
        p.put("dbops.migration.policy.lint-policy", options.policy().name().toLowerCase().replace('_', '-'));
        p.put("dbops.migration.policy.lock-probe", String.valueOf(options.lockProbe()));
        p.put("dbops.migration.policy.rehearsal", String.valueOf(options.rehearsal()));
        return p;
    }
}
