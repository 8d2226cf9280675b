package dev.dbops.common.target;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad target registry into a startup report that lists each key and what is wrong with it. */
class InvalidTargetConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTargetConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidTargetConfigurationException cause) {
        return new FailureAnalysis("The target registry is invalid:\n  - " + String.join("\n  - ", cause.problems()),
                "Fix the dbops.targets.* keys above (see the service's README for the format).", cause);
    }
}
