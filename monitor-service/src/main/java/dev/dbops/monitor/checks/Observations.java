package dev.dbops.monitor.checks;

import dev.dbops.monitor.rules.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one poll measured on a target: readings for the rules and named values for status and metrics. */
public final class Observations {

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final List<Reading> readings = new ArrayList<>();
    private final List<String> failedChecks = new ArrayList<>();

    /** A value shown in the status and exported as metric {@code dbops.monitor.<name>}. */
    public void value(String name, double value) {
        values.put(name, value);
    }

    public void reading(Reading reading) {
        readings.add(reading);
    }

    public void failed(String check) {
        failedChecks.add(check);
    }

    public Map<String, Double> values() {
        return values;
    }

    public List<Reading> readings() {
        return readings;
    }

    public List<String> failedChecks() {
        return failedChecks;
    }
}
