package dev.dbops.migration.lockprobe;

import dev.dbops.common.event.MigrationPlanned.ObservedLock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What running one step on the scratch copy showed.
 *
 * @param failure why the step failed there (it will fail on the target too), or null
 */
public record StepRun(String script, List<ObservedLock> locks, @Nullable Failure failure) {

    /** @param sqlState e.g. 42601 for a syntax error */
    public record Failure(int line, @Nullable String sqlState, String message) {
    }
}
