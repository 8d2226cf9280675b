package dev.dbops.migration.lint;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a column's old and new type the way PostgreSQL's ALTER COLUMN TYPE does for the common types:
 * a widening it makes without touching a row (varchar(50) to varchar(200), varchar to text), or a narrowing
 * that rejects values clients may still write.
 */
final class ColumnTypes {

    enum Change { NO_REWRITE, NARROWING, OTHER }

    private static final Pattern TYPE = Pattern.compile("(?i)^\\s*([a-z ]+?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*$");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("varchar", "character varying"), Map.entry("char", "character"), Map.entry("bpchar", "character"),
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("int2", "smallint"),
            Map.entry("int8", "bigint"), Map.entry("decimal", "numeric"), Map.entry("float8", "double precision"),
            Map.entry("float4", "real"), Map.entry("float", "double precision"));
    private static final Map<String, Integer> RANK = Map.of("smallint", 2, "integer", 4, "bigint", 8, "real", 14,
            "double precision", 18);

    private ColumnTypes() {
    }

    /** A type taken apart: its canonical name and its length or precision and scale (-1 when unbounded). */
    private record Type(String name, int size, int scale) {
    }

    static Change change(String from, String to) {
        Type a = parse(from);
        Type b = parse(to);
        if (a == null || b == null) {
            return Change.OTHER;
        }
        boolean aText = isText(a.name);
        boolean bText = isText(b.name);
        if (aText && bText) {
            if (bounded(b) && (!bounded(a) || b.size < a.size)) {
                return Change.NARROWING;
            }
            // varchar(n) to varchar(m >= n) or to text/varchar is binary-coercible; character(n) pads, so it rewrites
            boolean coercible = !a.name.equals("character") && !b.name.equals("character");
            return coercible ? Change.NO_REWRITE : Change.OTHER;
        }
        if (a.name.equals("numeric") && b.name.equals("numeric")) {
            if (bounded(b) && (!bounded(a) || b.size < a.size || b.scale < a.scale)) {
                return Change.NARROWING;
            }
            return !bounded(b) || b.scale == a.scale ? Change.NO_REWRITE : Change.OTHER;
        }
        Integer ra = RANK.get(a.name);
        Integer rb = RANK.get(b.name);
        if (ra != null && rb != null && (ra >= 10) == (rb >= 10)) {
            return rb < ra ? Change.NARROWING : ra.equals(rb) ? Change.NO_REWRITE : Change.OTHER;
        }
        return a.equals(b) ? Change.NO_REWRITE : Change.OTHER;
    }

    private static boolean isText(String name) {
        return name.equals("text") || name.equals("character varying") || name.equals("character");
    }

    private static boolean bounded(Type t) {
        return t.size >= 0;
    }

    private static Type parse(String type) {
        Matcher m = TYPE.matcher(type.strip().toLowerCase());
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1).strip().replaceAll("\\s+", " ");
        name = ALIASES.getOrDefault(name, name);
        int size = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        int scale = m.group(3) == null ? (size >= 0 && name.equals("numeric") ? 0 : -1) : Integer.parseInt(m.group(3));
        if (name.equals("character") && size < 0) {
            size = 1;
        }
        return new Type(name, size, scale);
    }
}
