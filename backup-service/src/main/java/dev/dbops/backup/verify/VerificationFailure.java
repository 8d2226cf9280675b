package dev.dbops.backup.verify;

/** A check a backup did not pass: checksum, list, drill, row-count or smoke-query. */
public class VerificationFailure extends Exception {

    private final String check;

    public VerificationFailure(String check, String details) {
        super(details);
        this.check = check;
    }

    public String check() {
        return check;
    }
}
