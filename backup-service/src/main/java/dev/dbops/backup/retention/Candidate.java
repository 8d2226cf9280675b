package dev.dbops.backup.retention;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A backup as retention sees it.
 *
 * @param completedAt when it completed; absent while it is being taken
 * @param inUse a restore is running from it, or waiting to
 * @param preMigration taken before a migration: the restore point if the migration goes wrong
 */
public record Candidate(String backupId, @Nullable Instant completedAt, State state, boolean inUse,
        boolean preMigration) {

    public enum State {
        /** queued or being taken */
        IN_PROGRESS,
        /** completed, not yet proven (or being drilled right now) */
        PENDING_VERIFICATION,
        VERIFIED,
        VERIFICATION_FAILED
    }

    public Candidate {
        if (completedAt == null && state != State.IN_PROGRESS) {
            throw new IllegalArgumentException("backup " + backupId + " is " + state + " but has no completion time");
        }
    }
}
