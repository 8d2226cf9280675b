package dev.dbops.migration.lint;

/** A script that cannot be split into statements: an unterminated quote, dollar quote or comment. */
public class UnparseableScriptException extends RuntimeException {

    private final int line;

    public UnparseableScriptException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
