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
 * Polls one target: borrows a connection of its server's bounded set (kept open between polls while the server
 * has slots to spare), runs the checks (the heavy ones less often), and reports the target unreachable when it
 * cannot connect or loses the connection; a poll that gets no connection slot is skipped, not unreachable. A check that fails on its own
 * (statement_timeout, missing extension) leaves its rules unevaluated; the target stays reachable. Not
 * thread-safe: the scheduler never runs two polls of one target at once.
 */
public final class TargetPoller {

    private static final Logger log = LoggerFactory.getLogger(TargetPoller.class);

    /** SQLSTATE 53300: the server has no connection slot left (max_connections, reserved slots, a role's limit). */
    static final String TOO_MANY_CONNECTIONS = "53300";

    /**
     * The settings of one target's poller.
     *
     * @param connectionWait how long a poll waits for one of its server's connections before it is skipped
     */
    public record Settings(Duration heavyInterval, long minDeadTuples, @Nullable DataSize storageQuota,
            Duration connectionWait) {
    }

    private final Target target;
    private final ServerConnections connections;
    private final CircuitBreaker breaker;
    private final StatementTracker statements;
    private final Settings settings;
    private final Clock clock;
    private final UnaryOperator<String> redact;
    private final ActivityCheck activity = new ActivityCheck();
    private final DatabaseCheck database = new DatabaseCheck();
    private final SizeCheck size = new SizeCheck();
    private final TableCheck tables = new TableCheck();
    private ServerInfo server;
    private Instant nextHeavy = Instant.MIN;
    private String lastError;
    private Instant withoutConnectionSince;

    TargetPoller(Target target, ServerConnections connections, CircuitBreaker breaker, StatementTracker statements,
            Settings settings, Clock clock, UnaryOperator<String> redact) {
        this.target = target;
        this.connections = connections;
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
            return result(now, PollResult.Outcome.UNREACHABLE, lastError, obs, StatementsOutcome.NONE, started);
        }
        Connection c;
        try {
            c = connections.borrow(target, settings.connectionWait());
        } catch (ServerConnections.NoSlot e) {
            return withoutConnection(now, e.getMessage(), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return withoutConnection(now, "interrupted while waiting for a connection", started);
        } catch (SQLException e) {
            if (TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                return withoutConnection(now, redact.apply(describe(e)), started);
            }
            return failed(now, e, started);
        }
        try {
            if (server == null) {
                server = ServerInfo.read(c);
            }
            StatementsOutcome outcome = runChecks(c, now, obs);
            connections.giveBack(target, c);
            breaker.success();
            lastError = null;
            withoutConnectionSince = null;
            obs.reading(Reading.of(Rule.TARGET_REACHABLE, 1));
            obs.value("up", 1);
            return result(now, PollResult.Outcome.REACHABLE, null, obs, outcome, started);
        } catch (SQLException e) {
            connections.close(c);
            return failed(now, e, started);
        }
    }

    /** The target did not answer, or lost the connection: unreachable, and the circuit breaker counts it. */
    private PollResult failed(Instant now, SQLException e, long started) {
        server = null;
        lastError = redact.apply(describe(e));
        breaker.failure(now);
        log.warn("Target {} unreachable: {}", target.id(), lastError);
        Observations failed = new Observations();
        failed.reading(unreachable(lastError));
        failed.value("up", 0);
        return result(now, PollResult.Outcome.UNREACHABLE, lastError, failed, StatementsOutcome.NONE, started);
    }

    /**
     * No connection to be had (every slot of the monitor's bound in use, or the server out of connection slots):
     * the poll did not happen. It says nothing about the target, so no rule is evaluated and the breaker does not
     * count it; logged once until a poll gets through again.
     */
    private PollResult withoutConnection(Instant now, String why, long started) {
        if (withoutConnectionSince == null) {
            withoutConnectionSince = now;
            log.warn("Poll of target {} skipped, no connection: {}", target.id(), why);
        }
        return result(now, PollResult.Outcome.NO_CONNECTION, why, new Observations(), StatementsOutcome.NONE, started);
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

    private PollResult result(Instant now, PollResult.Outcome polled, String error, Observations obs,
            StatementsOutcome outcome, long started) {
        return new PollResult(target.id(), now, polled, error, breaker.state(clock.instant()), obs, outcome,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ") + message.lines().findFirst().orElse("");
    }
}
