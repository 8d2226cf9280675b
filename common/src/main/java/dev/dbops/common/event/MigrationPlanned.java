package dev.dbops.common.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pending steps of a request and what lint found in them; {@code blocked} when an error finding blocks it.
 *
 * @param rehearsal the rollback rehearsal on a scratch copy; absent when none was attempted
 */
public record MigrationPlanned(String requestId, String target, @Nullable String currentVersion,
        @Nullable String targetVersion, List<PlannedStep> steps, List<Finding> findings, boolean blocked,
        boolean dryRun, Instant plannedAt, @Nullable Rehearsal rehearsal) implements MigrationEvent {

    public record PlannedStep(String version, String description, String kind, @Nullable Integer checksum,
            boolean transactional, List<ObservedLock> observedLocks) {
    }

    /** A lock a statement of the step really took on a scratch copy of the target. */
    public record ObservedLock(int line, String relation, String mode, boolean rewritten,
            @Nullable Long estimatedRows) {
    }

    /** @param evidence what the finding rests on; absent from planners older than the field */
    public record Finding(String ruleId, Severity severity, @Nullable String version, @Nullable String script,
            int line, String message, String safeAlternative, boolean blocking, @Nullable Evidence evidence) {
    }

    /**
     * Apply, undo and re-apply of the pending steps on a scratch copy, compared with pg_dump --schema-only.
     *
     * @param rehearsed false when it could not run (a step without an undo script, a step failing there)
     * @param identical undo restored the schema exactly and re-applying reproduced it
     * @param differences the first lines that differ, prefixed "after undo:" or "after re-apply:"
     */
    public record Rehearsal(boolean rehearsed, boolean identical, String summary, List<String> differences) {
    }
}
