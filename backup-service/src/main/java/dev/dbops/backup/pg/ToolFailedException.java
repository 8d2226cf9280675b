package dev.dbops.backup.pg;

/** pg_dump or pg_restore exited with an error; the message carries its (redacted) last lines of stderr. */
public class ToolFailedException extends RuntimeException {

    public ToolFailedException(String tool, int exit, String stderr) {
        super(tool + " failed (exit " + exit + ")" + (stderr.isEmpty() ? "" : ": " + stderr));
    }
}
