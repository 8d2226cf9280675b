package dev.dbops.backup.encryption;

import java.io.IOException;

/** An encrypted file that does not open: a wrong key, or a file changed, truncated or reordered since it was sealed. */
public class UndecryptableException extends IOException {

    public UndecryptableException(String message) {
        super(message);
    }
}
