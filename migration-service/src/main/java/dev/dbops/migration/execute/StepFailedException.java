package dev.dbops.migration.execute;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A step that did not apply, after its retries: what failed, why, and who was in the way. */
public class StepFailedException extends Exception {

    private final String cause;
    private final @Nullable String sqlState;
    private final List<String> blockers;

    public StepFailedException(String cause, @Nullable String sqlState, String message, List<String> blockers) {
        super(message);
        this.cause = cause;
        this.sqlState = sqlState;
        this.blockers = List.copyOf(blockers);
    }

    /** lock-timeout, statement-timeout or step-failed */
    public String code() {
        return cause;
    }

    public @Nullable String sqlState() {
        return sqlState;
    }

    public List<String> blockers() {
        return blockers;
    }
}
