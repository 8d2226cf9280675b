package dev.dbops.common.target;

import dev.dbops.common.cloudevents.RejectedEventException;

public class UnknownTargetException extends RejectedEventException {

    public UnknownTargetException(String id) {
        super("unknown target '" + id + "': it is not registered under dbops.targets in this service");
    }
}
