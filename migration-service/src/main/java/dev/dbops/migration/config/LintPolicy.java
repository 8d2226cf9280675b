package dev.dbops.migration.config;

import dev.dbops.common.event.Severity;

/** Which lint findings block a migration (unless the request overrides them). */
public enum LintPolicy {
    /** critical findings (the lint "error" level) block. */
    BLOCK_CRITICAL,
    /** warnings block too. */
    BLOCK_WARNINGS,
    /** findings are reported, nothing blocks (checksum drift and unparseable scripts still do). */
    REPORT_ONLY;

    public boolean blocks(Severity severity) {
        return switch (this) {
            case BLOCK_CRITICAL -> severity == Severity.CRITICAL;
            case BLOCK_WARNINGS -> severity != Severity.INFO;
            case REPORT_ONLY -> false;
        };
    }
}
