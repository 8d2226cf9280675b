package dev.dbops.migration.lint;

/**
 * One statement of a script.
 *
 * @param line the 1-based line where the statement starts
 * @param sql the statement as written, without the terminating semicolon
 * @param normalized comments removed, literals emptied, whitespace collapsed: what rules match against
 */
public record SqlStatement(int line, String sql, String normalized) {
}
