package dev.dbops.migration.lint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What rules need to know beyond one statement: the target's PostgreSQL version, the other statements of
 * the step, whether it runs in one transaction, tables created in it (new tables have no rows to
 * protect), and CHECK (col IS NOT NULL) constraints validated so far (which make SET NOT NULL cheap).
 */
public final class StepContext {

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?(" + AlterTable.NAME + ")");
    private static final Pattern NOT_NULL_CHECK = Pattern.compile(
            "(?i)ADD CONSTRAINT (" + AlterTable.NAME + ") CHECK \\(\\s*\\(?\\s*(" + AlterTable.NAME
                    + ")\\s*\\)? IS NOT NULL\\s*\\)( NOT VALID)?");
    private static final Pattern VALIDATE = Pattern.compile("(?i)VALIDATE CONSTRAINT (" + AlterTable.NAME + ")");

    private final PgVersion version;
    private final Set<String> validatedNotNull;
    private final Map<String, String> unvalidatedChecks = new HashMap<>();
    private List<SqlStatement> statements = List.of();
    private boolean transactional;
    private final Set<String> createdTables = new HashSet<>();

    /** @param validatedNotNull {@code table.column} pairs with a validated CHECK (column IS NOT NULL) on the target */
    public StepContext(PgVersion version, Set<String> validatedNotNull) {
        this.version = version;
        this.validatedNotNull = new HashSet<>(validatedNotNull);
    }

    /** Starts the next step of the plan; knowledge of validated checks carries over. */
    void beginStep(List<SqlStatement> stepStatements, boolean stepTransactional) {
        this.statements = stepStatements;
        this.transactional = stepTransactional;
        createdTables.clear();
        for (SqlStatement s : stepStatements) {
            Matcher m = CREATE_TABLE.matcher(s.normalized());
            if (m.find()) {
                createdTables.add(AlterTable.tableKey(m.group(1)));
            }
        }
    }

    /** Learns from a statement after the rules saw it. */
    void after(SqlStatement statement) {
        AlterTable.parse(statement).ifPresent(alter -> {
            for (String action : alter.actions()) {
                Matcher check = NOT_NULL_CHECK.matcher(action);
                if (check.find()) {
                    String key = alter.table() + "." + AlterTable.tableKey(check.group(2));
                    if (check.group(3) == null) {
                        validatedNotNull.add(key);
                    } else {
                        unvalidatedChecks.put(AlterTable.tableKey(check.group(1)), key);
                    }
                }
                Matcher validate = VALIDATE.matcher(action);
                if (validate.find() && unvalidatedChecks.containsKey(AlterTable.tableKey(validate.group(1)))) {
                    validatedNotNull.add(unvalidatedChecks.remove(AlterTable.tableKey(validate.group(1))));
                }
            }
        });
    }

    public PgVersion version() {
        return version;
    }

    List<SqlStatement> statements() {
        return statements;
    }

    boolean transactional() {
        return transactional;
    }

    boolean createdInStep(String table) {
        return createdTables.contains(table);
    }

    boolean hasValidatedNotNullCheck(String table, String column) {
        return validatedNotNull.contains(table + "." + column);
    }
}
