package dev.dbops.alert.model;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher as Alertmanager writes them: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regular expressions are anchored at both ends.
 */
public record Matcher(String name, Op op, String value) {

    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_.]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    public Matcher {
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            compile(value);
        }
    }

    public static Matcher parse(String text) {
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a matcher: '" + text + "' (expected name=\"value\", name!=\"value\", "
                    + "name=~\"regex\" or name!~\"regex\")");
        }
        String value = m.group(3);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        Op op = switch (m.group(2)) {
            case "=" -> Op.EQUAL;
            case "!=" -> Op.NOT_EQUAL;
            case "=~" -> Op.REGEX;
            default -> Op.NOT_REGEX;
        };
        return new Matcher(m.group(1), op, value);
    }

    public boolean matches(Labels labels) {
        String actual = labels.get(name);
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> compile(value).matcher(actual).matches();
            case NOT_REGEX -> !compile(value).matcher(actual).matches();
        };
    }

    public static boolean all(Iterable<Matcher> matchers, Labels labels) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern compile(String regex) {
        Pattern cached = PATTERNS.get(regex);
        if (cached != null) {
            return cached;
        }
        try {
            Pattern pattern = Pattern.compile(regex);
            if (PATTERNS.size() < 10_000) {
                PATTERNS.put(regex, pattern);
            }
            return pattern;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription(), e);
        }
    }

    @Override
    public String toString() {
        return name + op.symbol + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
