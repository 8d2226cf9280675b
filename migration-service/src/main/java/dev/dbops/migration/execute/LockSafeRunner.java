package dev.dbops.migration.execute;

import dev.dbops.common.target.Target;
import dev.dbops.migration.config.TargetPolicy;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt after another until a step gets its locks: a lock timeout (or deadlock) is retried
 * after an exponential back-off with jitter, up to the policy's bound; anything else fails at once. An
 * interruption (the service stopping) ends the wait with InterruptedException, never with a failure: the
 * request is resumed by the next start instead of being failed (and undone) on the way down.
 */
public final class LockSafeRunner {

    private static final Logger log = LoggerFactory.getLogger(LockSafeRunner.class);
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String QUERY_CANCELED = "57014";
    static final String DEADLOCK = "40P01";

    public interface Attempt<T> {
        T run() throws Exception;
    }

    public interface Cleanup {
        void run() throws SQLException;
    }

    /** The attempt's result and how many lock timeouts came before it. */
    public record Outcome<T>(T value, int lockRetries) {
    }

    private LockSafeRunner() {
    }

    public static <T> Outcome<T> run(Target target, String applicationName, TargetPolicy policy, String what,
            Cleanup beforeAttempt, Attempt<T> attempt) throws StepFailedException, InterruptedException {
        java.util.Map<String, String> blockers = new java.util.LinkedHashMap<>();
        for (int n = 1; ; n++) {
            try (BlockerWatch watch = new BlockerWatch(target, applicationName)) {
                try {
                    beforeAttempt.run();
                    return new Outcome<>(attempt.run(), n - 1);
                } catch (Exception e) {
                    watch.blockers().forEach(b -> blockers.put(b.substring(0, b.indexOf(' ', 4)), b));
                    SQLException sql = sqlCause(e);
                    String state = sql == null ? null : sql.getSQLState();
                    boolean lockTimeout = LOCK_NOT_AVAILABLE.equals(state) || DEADLOCK.equals(state);
                    if (lockTimeout && n < policy.retries().maxAttempts()) {
                        var pause = Backoff.after(n, policy.retries(), ThreadLocalRandom.current()::nextDouble);
                        log.info("{} on target {}: lock not granted within {} ms (attempt {} of {}), retrying in {} ms",
                                what, target.id(), policy.lockTimeout().toMillis(), n, policy.retries().maxAttempts(),
                                pause.toMillis());
                        Thread.sleep(pause.toMillis());
                        continue;
                    }
                    String message = (sql != null ? sql.getMessage() : e.getMessage());
                    if (lockTimeout) {
                        throw new StepFailedException("lock-timeout", state, what + " did not get its locks within "
                                + policy.lockTimeout().toMillis() + " ms in " + n + " attempts"
                                + (blockers.isEmpty() ? "" : "; blocked by " + String.join("; ", blockers.values())),
                                List.copyOf(blockers.values()));
                    }
                    throw new StepFailedException(QUERY_CANCELED.equals(state) ? "statement-timeout" : "step-failed",
                            state, what + " failed: " + firstLine(message), List.copyOf(blockers.values()));
                }
            } catch (SQLException e) {
                throw new StepFailedException("target-unavailable", e.getSQLState(), what + ": cannot reach target "
                        + target.id() + ": " + e.getMessage(), List.copyOf(blockers.values()));
            }
        }
    }

    public static @Nullable SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
