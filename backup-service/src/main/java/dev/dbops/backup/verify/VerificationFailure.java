package dev.dbops.backup.verify;

import dev.dbops.backup.store.VerificationCheck;

/** A check a backup did not pass, with what an operator needs to know about it. */
public class VerificationFailure extends Exception {

    private final VerificationCheck check;

    public VerificationFailure(VerificationCheck check, String details) {
        super(details);
        this.check = check;
    }

    public VerificationCheck check() {
        return check;
    }
}
