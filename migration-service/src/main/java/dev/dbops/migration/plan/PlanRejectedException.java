package dev.dbops.migration.plan;

/** A request that cannot be planned at all: unknown version, no project, a version below the current one. */
public class PlanRejectedException extends RuntimeException {

    private final String cause;

    /** @param cause the stable kebab-case code MigrationFailed carries */
    public PlanRejectedException(String cause, String message) {
        super(message);
        this.cause = cause;
    }

    public String code() {
        return cause;
    }
}
