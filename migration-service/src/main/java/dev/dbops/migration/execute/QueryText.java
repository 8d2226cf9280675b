package dev.dbops.migration.execute;

import org.jspecify.annotations.Nullable;

/**
 * Another session's query as it may leave the service (into MigrationFailed, and on to Slack, PagerDuty,
 * e-mail): its shape only, the way pg_stat_statements shows queries — every literal (strings, dollar-quoted
 * bodies, numbers) replaced by a placeholder {@code $n}, comments dropped, blanks collapsed — and cut to
 * {@value #MAX_LENGTH} characters. Values in queries are other people's data and secrets
 * ({@code ALTER ROLE ... PASSWORD '...'}).
 */
final class QueryText {

    static final int MAX_LENGTH = 160;

    private QueryText() {
    }

    static String normalised(@Nullable String query) {
        if (query == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int placeholders = 0;
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            boolean afterWord = i > 0 && isWordChar(query.charAt(i - 1));
            if (c == '\'' || (!afterWord && "EeBbXxNn".indexOf(c) >= 0 && i + 1 < n && query.charAt(i + 1) == '\'')) {
                i = endOfString(query, c == '\'' ? i : i + 1, c == 'E' || c == 'e');
                out.append('$').append(++placeholders);
            } else if (c == '$' && !afterWord && dollarTag(query, i) != null) {
                String tag = dollarTag(query, i);
                int close = query.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                out.append('$').append(++placeholders);
            } else if (c == '"') {
                int close = query.indexOf('"', i + 1);
                int end = close < 0 ? n : close + 1;
                out.append(query, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
                int eol = query.indexOf('\n', i);
                i = eol < 0 ? n : eol;
                out.append(' ');
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                int close = query.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                out.append(' ');
            } else if (Character.isDigit(c) && !afterWord && !(i > 0 && query.charAt(i - 1) == '$')) {
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    i++;
                }
                out.append('$').append(++placeholders);
            } else {
                out.append(c);
                i++;
            }
        }
        String text = out.toString().replaceAll("\\s+", " ").strip();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
    }

    /** The index after a quoted string starting at {@code quote}; '' inside it, and \' in an E'' string. */
    private static int endOfString(String query, int quote, boolean backslashEscapes) {
        int i = quote + 1;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < query.length() && query.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return query.length();
    }

    /** The dollar-quote tag ($$ or $name$) starting at {@code i}, or null ($1 is a parameter, not a quote). */
    private static @Nullable String dollarTag(String query, int i) {
        int j = i + 1;
        while (j < query.length() && (Character.isLetter(query.charAt(j)) || query.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(query.charAt(j))))) {
            j++;
        }
        return j < query.length() && query.charAt(j) == '$' ? query.substring(i, j + 1) : null;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
