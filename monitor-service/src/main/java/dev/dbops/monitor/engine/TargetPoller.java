package dev.dbops.monitor.engine;

import dev.dbops.common.target.Target;
import dev.dbops.monitor.checks.ActivityCheck;
import dev.dbops.monitor.checks.DatabaseCheck;
import dev.dbops.monitor.checks.Observations;
import dev.dbops.monitor.checks.ServerInfo;
import dev.dbops.monitor.checks.SizeCheck;
import dev.dbops.monitor.checks.TableCheck;
import dev.dbops.monitor.rules.Reading;
import dev.dbops.monitor.rules.Rule;
import dev.dbops.monitor.statements.StatementTracker;
import dev.dbops.monitor.statements.StatementsOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * Polls one target: keeps one connection open between polls, runs the checks (the heavy ones less often), and
 * reports the target unreachable when it cannot connect or loses the connection. A check that fails on its own
 * (statement_timeout, missing extension) leaves its rules unevaluated; the target stays reachable. Not
 * thread-safe: the scheduler never runs two polls of one target at once.
 */
public final class TargetPoller {

    private static final Logger log = LoggerFactory.getLogger(TargetPoller.class);

    /** The settings of one target's poller. */
    public record Settings(Duration heavyInterval, long minDeadTuples, @Nullable DataSize storageQuota) {
    }

    private final Target target;
    private final TargetConnector connector;
    private final CircuitBreaker breaker;
    private final StatementTracker statements;
    private final Settings settings;
    private final Clock clock;
    private final UnaryOperator<String> redact;
    private final ActivityCheck activity = new ActivityCheck();
    private final DatabaseCheck database = new DatabaseCheck();
    private final SizeCheck size = new SizeCheck();
    private final TableCheck tables = new TableCheck();
    private Connection connection;
    private ServerInfo server;
    private Instant nextHeavy = Instant.MIN;
    private String lastError;

    public TargetPoller(Target target, TargetConnector connector, CircuitBreaker breaker, StatementTracker statements,
            Settings settings, Clock clock, UnaryOperator<String> redact) {
        this.target = target;
        this.connector = connector;
        this.breaker = breaker;
        this.statements = statements;
        this.settings = settings;
        this.clock = clock;
        this.redact = redact;
    }

    public String targetId() {
        return target.id();
    }

    public PollResult poll() {
        // Microseconds, as timestamptz keeps them: a breach's since reads the same from events and the schema.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        Observations obs = new Observations();
        if (!breaker.allowsAttempt(now)) {
            obs.reading(unreachable("circuit open after " + breaker.consecutiveFailures() + " failed polls: "
                    + lastError));
            return result(now, false, lastError, obs, StatementsOutcome.NONE, started);
        }
        try {
            Connection c = connection();
            StatementsOutcome outcome = runChecks(c, now, obs);
            breaker.success();
            lastError = null;
            obs.reading(Reading.of(Rule.TARGET_REACHABLE, 1));
            obs.value("up", 1);
            return result(now, true, null, obs, outcome, started);
        } catch (SQLException e) {
            close();
            lastError = redact.apply(describe(e));
            breaker.failure(now);
            log.warn("Target {} unreachable: {}", target.id(), lastError);
            Observations failed = new Observations();
            failed.reading(unreachable(lastError));
            failed.value("up", 0);
            return result(now, false, lastError, failed, StatementsOutcome.NONE, started);
        }
    }

    private StatementsOutcome runChecks(Connection c, Instant now, Observations obs) throws SQLException {
        check("activity", c, obs, () -> activity.run(c, server, obs));
        check("database", c, obs, () -> database.run(c, obs));
        StatementsOutcome[] holder = {StatementsOutcome.NONE};
        check("statements", c, obs, () -> holder[0] = statements.poll(c, server, now, obs));
        if (!now.isBefore(nextHeavy)) {
            nextHeavy = now.plus(settings.heavyInterval());
            check("size", c, obs, () -> size.run(c, settings.storageQuota(), obs));
            check("tables", c, obs, () -> tables.run(c, settings.minDeadTuples(), obs));
        }
        return holder[0];
    }

    private interface Check {
        void run() throws SQLException;
    }

    /** Runs one check; its own failure is recorded, a lost connection is thrown. */
    private void check(String name, Connection c, Observations obs, Check check) throws SQLException {
        try {
            check.run();
        } catch (SQLException e) {
            if (isConnectionLost(e, c)) {
                throw e;
            }
            String message = name + ": " + redact.apply(describe(e));
            obs.failed(message);
            log.warn("Check failed on target {}: {}", target.id(), message);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connector.connect(target);
            server = ServerInfo.read(connection);
        }
        return connection;
    }

    private static boolean isConnectionLost(SQLException e, Connection c) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }

    private Reading unreachable(String error) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", error == null ? "unknown" : error);
        details.put("consecutiveFailures", breaker.consecutiveFailures());
        return Reading.of(Rule.TARGET_REACHABLE, 0, details);
    }

    private PollResult result(Instant now, boolean reachable, String error, Observations obs,
            StatementsOutcome outcome, long started) {
        return new PollResult(target.id(), now, reachable, error, breaker.state(clock.instant()), obs, outcome,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ") + message.lines().findFirst().orElse("");
    }

    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }
}
