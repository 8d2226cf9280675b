package dev.dbops.migration.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Identifiers as PostgreSQL reads them: dot-separated parts, quoted ones kept exactly, others folded to lower case. */
final class Names {

    private Names() {
    }

    /** The parts of a possibly qualified name, e.g. {@code Billing."Orders"} is [billing, Orders]. */
    static List<String> parts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(quoted ? c : Character.toLowerCase(c));
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** The last part of a name: a column, or a constraint. */
    static String simple(String name) {
        List<String> parts = parts(name);
        return parts.get(parts.size() - 1);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
