package dev.dbops.migration.lint;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which statements hold their lock only for an instant: catalog-only changes that neither scan nor rewrite.
 * Run under lock_timeout, such a statement stalls clients at most for that timeout and then for the catalog
 * update, so a strong lock it takes is worth knowing but not worth a warning.
 */
public final class LockDuration {

    /** Catalog changes, and the CONCURRENTLY forms, whose strong locks are taken only to swap or drop at the end. */
    private static final Pattern CATALOG_ONLY = Pattern.compile("(?i)^(?:COMMENT ON|CREATE (?:OR REPLACE )?TRIGGER"
            + "|DROP TRIGGER|ALTER INDEX \\S+ RENAME|ALTER SEQUENCE|GRANT|REVOKE|(?:CREATE|ALTER|DROP) POLICY"
            + "|CREATE (?:OR REPLACE )?VIEW|DROP VIEW|DROP INDEX CONCURRENTLY|CREATE (?:UNIQUE )?INDEX CONCURRENTLY"
            + "|REINDEX (?:\\([^)]*\\) )?(?:INDEX|TABLE|SCHEMA|DATABASE|SYSTEM) CONCURRENTLY)\\b");
    /** ALTER TABLE actions PostgreSQL carries out in the catalog alone. */
    private static final Pattern INSTANT_ACTION = Pattern.compile("(?i)^(?:ADD (?:COLUMN )?(?!CONSTRAINT |PRIMARY |UNIQUE "
            + "|FOREIGN |CHECK |EXCLUDE )|DROP (?:COLUMN |CONSTRAINT )?|ALTER (?:COLUMN )?\\S+ (?:SET DEFAULT|DROP DEFAULT"
            + "|DROP NOT NULL|SET NOT NULL|SET STATISTICS|SET STORAGE|SET DATA TYPE|TYPE|ADD GENERATED|DROP IDENTITY|SET \\()"
            + "|RENAME |OWNER TO |SET SCHEMA |(?:ENABLE|DISABLE) (?:ALWAYS |REPLICA )?TRIGGER|REPLICA IDENTITY"
            + "|ALTER CONSTRAINT |SET \\(|RESET \\(|ADD CONSTRAINT \\S+ (?:UNIQUE|PRIMARY KEY) USING INDEX"
            + "|ADD (?:CONSTRAINT \\S+ )?(?:CHECK|FOREIGN KEY)\\b.*\\bNOT VALID$)");

    private LockDuration() {
    }

    /**
     * Whether the statement starting at {@code line} holds its locks only for an instant, given that no rule
     * found it scanning and the scratch copy saw no rewrite.
     */
    public static boolean instant(List<SqlStatement> statements, int line) {
        for (SqlStatement s : statements) {
            if (s.line() == line) {
                return instant(s);
            }
        }
        return false;
    }

    static boolean instant(SqlStatement s) {
        if (CATALOG_ONLY.matcher(s.normalized()).find()) {
            return true;
        }
        Matcher alter = AlterTable.ALTER.matcher(s.normalized());
        if (!alter.matches()) {
            return false;
        }
        return AlterTable.actionsOf(alter.group(2)).stream().allMatch(a -> INSTANT_ACTION.matcher(a).find());
    }
}
