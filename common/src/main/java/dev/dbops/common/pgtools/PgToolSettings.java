package dev.dbops.common.pgtools;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a service runs the tools.
 *
 * @param binDir where pg_dump, pg_restore and psql are; null: a tool's name as given (found on PATH, or a path)
 * @param timeout a tool still running this long after its start is stopped and fails
 * @param timeoutKey the configuration key of the timeout, named in the failure so an operator knows what to raise
 * @param applicationName PGAPPNAME of the tools' sessions unless a run names its own
 */
public record PgToolSettings(@Nullable Path binDir, Duration timeout, String timeoutKey, String applicationName) {
}
