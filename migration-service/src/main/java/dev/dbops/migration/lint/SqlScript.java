package dev.dbops.migration.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into statements the way psql and Flyway do: semicolons inside quotes,
 * dollar quotes and comments do not end a statement.
 */
public final class SqlScript {

    private SqlScript() {
    }

    /** The statements of {@code script}, or an {@link UnparseableScriptException} naming the line. */
    public static List<SqlStatement> split(String script) {
        List<SqlStatement> statements = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        StringBuilder norm = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
                norm.append(' ');
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int depth = 0;
                int begin = line;
                do {
                    if (i + 1 < n && script.charAt(i) == '/' && script.charAt(i + 1) == '*') {
                        depth++;
                        i += 2;
                    } else if (i + 1 < n && script.charAt(i) == '*' && script.charAt(i + 1) == '/') {
                        depth--;
                        i += 2;
                    } else {
                        if (script.charAt(i) == '\n') {
                            line++;
                        }
                        i++;
                    }
                } while (depth > 0 && i < n);
                if (depth > 0) {
                    throw new UnparseableScriptException(begin, "comment opened here is never closed");
                }
                norm.append(' ');
                continue;
            }
            if (c == ';') {
                add(statements, startLine, raw, norm);
                startLine = -1;
                i++;
                continue;
            }
            if (startLine < 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            if (c == '\'' || c == '"') {
                boolean escapes = c == '\'' && i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e');
                int end = quoteEnd(script, i, c, escapes);
                if (end < 0) {
                    throw new UnparseableScriptException(line, (c == '"' ? "quoted identifier" : "string literal")
                            + " opened here is never closed");
                }
                String quoted = script.substring(i, end + 1);
                raw.append(quoted);
                norm.append(c == '"' ? quoted : "''");
                line += count(quoted, '\n');
                i = end + 1;
                continue;
            }
            if (c == '$') {
                String tag = dollarTag(script, i);
                if (tag != null) {
                    int end = script.indexOf(tag, i + tag.length());
                    if (end < 0) {
                        throw new UnparseableScriptException(line, "dollar quote " + tag + " opened here is never closed");
                    }
                    String quoted = script.substring(i, end + tag.length());
                    raw.append(quoted);
                    norm.append("$$$$");
                    line += count(quoted, '\n');
                    i = end + tag.length();
                    continue;
                }
            }
            if (c == '\n') {
                line++;
            }
            raw.append(c);
            norm.append(Character.isWhitespace(c) ? ' ' : c);
            i++;
        }
        add(statements, startLine, raw, norm);
        return statements;
    }

    private static void add(List<SqlStatement> statements, int startLine, StringBuilder raw, StringBuilder norm) {
        String normalized = norm.toString().replaceAll("\\s+", " ").strip();
        if (!normalized.isEmpty()) {
            statements.add(new SqlStatement(startLine, raw.toString().strip(), normalized));
        }
        raw.setLength(0);
        norm.setLength(0);
    }

    private static int quoteEnd(String s, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    /** {@code $tag$} starting at {@code i}, or null when the dollar sign is a parameter or part of a name. */
    private static String dollarTag(String s, int i) {
        if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
            return null;
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
            return s.substring(i, j + 1);
        }
        return null;
    }

    private static int count(String s, char c) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }
}
