package dev.dbops.common.event;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Restores a backup of {@code target} into {@code intoDatabase}; only the named tables or schemas when given.
 *
 * @param overwrite restore over an existing database; a new one is required otherwise
 */
public record RestoreRequested(String requestId, String target, String backupId, String intoDatabase,
        @Nullable List<String> tables, @Nullable List<String> schemas, boolean overwrite,
        @Nullable String requestedBy) implements BackupEvent {
}
