package dev.dbops.monitor;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One /actuator/prometheus scrape in the text format: sample lines, their names and declared types. */
record Scrape(List<String> lines) {

    static Scrape of(String text) {
        return new Scrape(text.lines().toList());
    }

    /** Series names of the samples (before labels). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(name(l)));
        return names;
    }

    /** Names declared {@code # TYPE <name> <type>}. */
    Set<String> typed(String type) {
        Set<String> names = new TreeSet<>();
        lines.stream().filter(l -> l.startsWith("# TYPE ") && l.endsWith(" " + type))
                .forEach(l -> names.add(l.split(" ")[2]));
        return names;
    }

    /** The sample of {@code name} whose labels are exactly {@code labels} (as written, sorted), NaN when absent. */
    double value(String name, String labels) {
        String prefix = name + "{" + labels + "} ";
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(prefix.length()).split(" ")[0])).orElse(Double.NaN);
    }

    private static String name(String line) {
        int end = line.length();
        for (char c : new char[] {'{', ' '}) {
            int i = line.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return line.substring(0, end);
    }
}
