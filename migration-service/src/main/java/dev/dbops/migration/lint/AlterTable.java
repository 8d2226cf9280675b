package dev.dbops.migration.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ALTER TABLE statement taken apart into its table and its comma-separated actions. */
record AlterTable(String table, List<String> actions) {

    static final String NAME = "(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\.(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*))?";
    private static final Pattern ALTER = Pattern.compile(
            "(?i)^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(" + NAME + ")\\*? (.*)$");

    static Optional<AlterTable> parse(SqlStatement statement) {
        Matcher m = ALTER.matcher(statement.normalized());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AlterTable(tableKey(m.group(1)), splitActions(m.group(2))));
    }

    /** The comparable form of a table name: unquoted, lower case, without its schema. */
    static String tableKey(String name) {
        String last = name.contains(".") && !name.endsWith("\"") ? name.substring(name.lastIndexOf('.') + 1)
                : name.replaceAll("^.*\\.(?=\")", "");
        return last.startsWith("\"") ? last.substring(1, last.length() - 1) : last.toLowerCase(Locale.ROOT);
    }

    private static List<String> splitActions(String actions) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < actions.length(); i++) {
            char c = actions.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(actions.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(actions.substring(start).strip());
        return parts;
    }
}
