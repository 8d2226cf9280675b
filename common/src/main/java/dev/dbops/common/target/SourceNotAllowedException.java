package dev.dbops.common.target;

import dev.dbops.common.cloudevents.RejectedEventException;

public class SourceNotAllowedException extends RejectedEventException {

    public SourceNotAllowedException(String source, String target) {
        super("source '" + source + "' is not allowed to send requests for target '" + target
                + "' (dbops.targets." + target + ".allowed-sources)");
    }
}
