package dev.dbops.migration.lockprobe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Compares two pg_dump --schema-only outputs, ignoring what changes from dump to dump (comments, SET lines). */
public final class SchemaDiff {

    private SchemaDiff() {
    }

    /** Lines only in {@code a} (prefixed "-") or only in {@code b} ("+"); empty when the schemas are the same. */
    public static List<String> between(String a, String b) {
        Set<String> left = lines(a);
        Set<String> right = lines(b);
        List<String> diff = new ArrayList<>();
        left.stream().filter(line -> !right.contains(line)).forEach(line -> diff.add("- " + line));
        right.stream().filter(line -> !left.contains(line)).forEach(line -> diff.add("+ " + line));
        return diff;
    }

    private static Set<String> lines(String dump) {
        Set<String> lines = new LinkedHashSet<>();
        Arrays.stream(dump.split("\n")).map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("--") && !line.startsWith("SET ")
                        && !line.startsWith("SELECT pg_catalog.set_config") && !line.startsWith("\\"))
                .forEach(lines::add);
        return lines;
    }
}
