package dev.dbops.alert.model;


/** Sends a notification in one receiver's wire format. One attempt; retries are the caller's. */
public interface Receiver {

    String name();

    /** pagerduty, slack, email or webhook. */
    String type();

    /** Whether it is told when alerts resolve. */
    boolean sendsResolved();

    /** Where it sends, with secrets left out, for the health endpoint and logs. */
    String endpoint();

    /** One attempt. Failures of the receiver or the network are outcomes, not exceptions. */
    Outcome send(Notification notification);
}
