package dev.dbops.migration.project;

import org.jspecify.annotations.Nullable;

/**
 * One script of the project as a unit of work: a versioned or repeatable script Flyway will run, or an undo
 * script dbops runs. Planned, probed, run and undone, so it belongs to none of those stages.
 *
 * @param kind {@code versioned}, {@code repeatable} or {@code undo}
 */
public record Step(@Nullable String version, String description, String script, String kind,
        @Nullable Integer checksum, boolean transactional, String sql) {

    public String label() {
        return version != null ? "V" + version + " (" + description + ")" : script;
    }
}
