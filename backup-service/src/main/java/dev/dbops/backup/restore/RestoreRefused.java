package dev.dbops.backup.restore;

/** A restore that cannot go ahead as asked: the message says why, for RestoreFailed. */
class RestoreRefused extends Exception {

    RestoreRefused(String message) {
        super(message);
    }
}
