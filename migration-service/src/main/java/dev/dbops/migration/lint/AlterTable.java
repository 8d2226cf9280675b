package dev.dbops.migration.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ALTER TABLE statement taken apart into its table ({@code schema.table}) and its comma-separated actions. */
record AlterTable(String table, List<String> actions) {

    static final String NAME = "(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\.(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*))?";
    static final Pattern ALTER = Pattern.compile(
            "(?i)^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(" + NAME + ")\\*? (.*)$");

    static Optional<AlterTable> parse(SqlStatement statement, StepContext step) {
        Matcher m = ALTER.matcher(statement.normalized());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AlterTable(step.table(m.group(1)), actionsOf(m.group(2))));
    }

    static List<String> actionsOf(String actions) {
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
