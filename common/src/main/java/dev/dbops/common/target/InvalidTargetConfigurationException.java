package dev.dbops.common.target;

import java.util.List;

/** The target registry's configuration is wrong; the message names every offending key. */
public class InvalidTargetConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidTargetConfigurationException(List<String> problems) {
        super("Invalid target configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
