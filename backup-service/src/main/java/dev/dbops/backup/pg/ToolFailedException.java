package dev.dbops.backup.pg;

/**
 * pg_dump or pg_restore exited with an error, or ran past its timeout; the message carries its (redacted)
 * last lines of stderr, or the timeout.
 */
public class ToolFailedException extends RuntimeException {

    public ToolFailedException(String tool, int exit, String stderr) {
        super(tool + " failed (exit " + exit + ")" + (stderr.isEmpty() ? "" : ": " + stderr));
    }

    ToolFailedException(String tool, String why) {
        super(tool + " failed: " + why);
    }
}
