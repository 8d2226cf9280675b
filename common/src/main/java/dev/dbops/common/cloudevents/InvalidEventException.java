package dev.dbops.common.cloudevents;


/** A record that is not a well-formed dbops CloudEvent: it goes to the dead-letter topic unretried. */
public class InvalidEventException extends RejectedEventException {

    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
