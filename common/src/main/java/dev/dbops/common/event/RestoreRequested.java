package dev.dbops.common.event;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Restores a backup of {@code target} into {@code intoDatabase}; only the named tables or schemas when given.
 *
 * @param overwrite restore over an existing database (only where the target's configuration allows it); a new
 *     one is required otherwise
 * @param allowUnverified restore a backup that has not (yet) passed its verification; only verified ones otherwise
 */
public record RestoreRequested(String requestId, String target, String backupId, String intoDatabase,
        @Nullable List<String> tables, @Nullable List<String> schemas, boolean overwrite, boolean allowUnverified,
        @Nullable String requestedBy) implements BackupEvent {
}
