package dev.dbops.migration.store;

/** Where a request stands. PLANNED (a dry run), COMPLETED, FAILED and ROLLED_BACK are final. */
public enum RequestStatus {
    RECEIVED, AWAITING_BACKUP, READY, RUNNING, PLANNED, COMPLETED, FAILED, ROLLED_BACK;

    public static final java.util.List<String> OPEN = java.util.List.of("RECEIVED", "AWAITING_BACKUP", "READY", "RUNNING");

    public boolean isFinal() {
        return !OPEN.contains(name());
    }
}
