package dev.dbops.backup.retention;

/**
 * Why retention keeps a backup: a GFS class it fills or a rule that never expires it. {@link #value()} is the word
 * in the catalog's retention class ({@code daily,newest-verified}) and the REST view.
 */
public enum KeepReason {
    HOURLY("hourly"),
    DAILY("daily"),
    WEEKLY("weekly"),
    MONTHLY("monthly"),
    NEWEST_VERIFIED("newest-verified"),
    IN_PROGRESS("in-progress"),
    PENDING_VERIFICATION("pending-verification"),
    IN_USE("in-use"),
    /** a verified pre-migration backup younger than {@code retention.pre-migration} */
    PRE_MIGRATION("pre-migration");

    private final String value;

    KeepReason(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
