package dev.dbops.migration.store;

import java.util.Arrays;
import java.util.List;

/**
 * Where a request stands. The open ones are a target's queue; PLANNED (a dry run), COMPLETED, FAILED and
 * ROLLED_BACK are final. The {@code status} column and the REST view hold the constant's name.
 */
public enum RequestStatus {
    RECEIVED(true), AWAITING_BACKUP(true), READY(true), RUNNING(true),
    PLANNED(false), COMPLETED(false), FAILED(false), ROLLED_BACK(false);

    /** The statuses a worker still has to move on, in the order a request passes them. */
    public static final List<RequestStatus> OPEN = Arrays.stream(values()).filter(RequestStatus::isOpen).toList();

    private final boolean open;

    RequestStatus(boolean open) {
        this.open = open;
    }

    public boolean isOpen() {
        return open;
    }

    public boolean isFinal() {
        return !open;
    }
}
