package dev.dbops.alert.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dbops.common.event.Severity;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** An alert's labels, sorted by name, so equal label sets print and compare alike. */
public record Labels(@JsonValue Map<String, String> values) {

    public static final String TARGET = "target";
    public static final String RULE = "rule";
    public static final String SERVICE = "service";
    public static final String SEVERITY = "severity";
    public static final String KIND = "kind";

    @JsonCreator
    public Labels {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public static Labels of(String... pairs) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new Labels(map);
    }

    /** The label's value, or the empty string: an absent label matches {@code name=""}, as in Alertmanager. */
    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    /** The values of {@code names}, for group keys and inhibition's equal labels. */
    public Labels only(List<String> names) {
        if (names.contains("...")) {
            return this;
        }
        return new Labels(values.entrySet().stream().filter(e -> names.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A severity as the value of its label (and of its database column): critical, warning, info. */
    public static String severity(Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }
}
