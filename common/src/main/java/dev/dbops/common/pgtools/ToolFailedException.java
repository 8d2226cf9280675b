package dev.dbops.common.pgtools;

/**
 * A PostgreSQL tool exited with an error or ran past its timeout; the message names the tool and carries its
 * redacted last lines of stderr, or the timeout and the setting that bounds it.
 */
public class ToolFailedException extends RuntimeException {

    public ToolFailedException(String tool, int exit, String stderr) {
        super(tool + " failed (exit " + exit + ")" + (stderr.isEmpty() ? "" : ": " + stderr));
    }

    public ToolFailedException(String tool, String why) {
        super(tool + " failed: " + why);
    }
}
