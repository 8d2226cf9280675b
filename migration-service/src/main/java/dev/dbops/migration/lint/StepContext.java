package dev.dbops.migration.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What rules need to know beyond one statement: the target's PostgreSQL version and catalog, the other
 * statements of the step, whether it runs in one transaction, and what the earlier statements of the whole
 * request did: tables they created (no rows to protect), CHECK (col IS NOT NULL) constraints they validated
 * (which make SET NOT NULL cheap), column types they changed, the search_path they set.
 */
public final class StepContext {

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?(" + AlterTable.NAME + ")( AS\\b)?");
    private static final Pattern FILL = Pattern.compile(
            "(?i)^(?:INSERT INTO (" + AlterTable.NAME + ")(?!.* VALUES ).*|COPY (" + AlterTable.NAME + ")\\b.*)$");
    private static final Pattern CREATE_NAMED_INDEX = Pattern.compile("(?i)^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?"
            + "(?:IF NOT EXISTS )?(" + AlterTable.NAME + ") ON (?:ONLY )?(" + AlterTable.NAME + ")");
    private static final Pattern SEARCH_PATH = Pattern.compile("(?i)^SET (?:SESSION |LOCAL )?SEARCH_PATH (?:TO|=) (.+)$");
    private static final Pattern NOT_NULL_CHECK = Pattern.compile(
            "(?i)ADD CONSTRAINT (" + AlterTable.NAME + ") CHECK \\(\\s*\\(?\\s*(" + AlterTable.NAME
                    + ")\\s*\\)? IS NOT NULL\\s*\\)( NOT VALID)?");
    private static final Pattern ADD_NOT_VALID = Pattern.compile(
            "(?i)^ADD CONSTRAINT (" + AlterTable.NAME + ") .* NOT VALID$");
    private static final Pattern VALIDATE = Pattern.compile("(?i)VALIDATE CONSTRAINT (" + AlterTable.NAME + ")");
    private static final Pattern TYPE = Pattern.compile("(?i)^ALTER (?:COLUMN )?(\\S+) (?:SET DATA )?TYPE (.+?)(?: USING .*)?$");
    private static final Pattern CONTRACT = Pattern.compile("(?im)^\\s*--\\s*dbops:phase\\s*=\\s*contract\\s*$");

    private final PgVersion version;
    private final TargetCatalog catalog;
    private final Set<String> validatedNotNull;
    private final Map<String, String> unvalidatedChecks = new HashMap<>();
    private final Map<String, String> columnTypes;
    private final Set<String> createdInRequest = new HashSet<>();
    private final Set<String> filledInRequest = new HashSet<>();
    /** {@code schema.index} created by this request, to the table it indexes. */
    private final Map<String, String> indexesCreatedInRequest = new HashMap<>();
    private final Set<String> notValidInStep = new HashSet<>();
    private List<String> searchPath;
    private List<SqlStatement> statements = List.of();
    private boolean transactional;
    private boolean contractPhase;

    public StepContext(PgVersion version, TargetCatalog catalog) {
        this.version = version;
        this.catalog = catalog;
        this.validatedNotNull = new HashSet<>(catalog.validatedNotNull());
        this.columnTypes = new HashMap<>(catalog.columnTypes());
        this.searchPath = catalog.searchPath().isEmpty() ? List.of("public") : catalog.searchPath();
    }

    /** Starts the next step of the request; what earlier steps did carries over. */
    void beginStep(String script, List<SqlStatement> stepStatements, boolean stepTransactional) {
        this.statements = stepStatements;
        this.transactional = stepTransactional;
        this.contractPhase = CONTRACT.matcher(script).find();
        notValidInStep.clear();
    }

    /** Learns from a statement after the rules saw it. */
    void after(SqlStatement statement) {
        String sql = statement.normalized();
        Matcher create = CREATE_TABLE.matcher(sql);
        if (create.find()) {
            String table = table(create.group(1));
            createdInRequest.add(table);
            if (create.group(2) != null) {
                filledInRequest.add(table);
            }
        }
        Matcher index = CREATE_NAMED_INDEX.matcher(sql);
        if (index.find()) {
            String table = table(index.group(2));
            // an index lives in its table's schema
            indexesCreatedInRequest.put(table.substring(0, table.indexOf('.') + 1) + Names.simple(index.group(1)), table);
        }
        Matcher fill = FILL.matcher(sql);
        if (fill.find()) {
            filledInRequest.add(table(fill.group(1) != null ? fill.group(1) : fill.group(2)));
        }
        Matcher path = SEARCH_PATH.matcher(sql);
        if (path.find()) {
            List<String> schemas = new ArrayList<>();
            for (String schema : path.group(1).split(",")) {
                schemas.add(Names.simple(schema.strip().replace("''", "")));
            }
            searchPath = schemas;
        }
        AlterTable.parse(statement, this).ifPresent(alter -> {
            for (String action : alter.actions()) {
                learn(alter.table(), action);
            }
        });
    }

    private void learn(String table, String action) {
        Matcher check = NOT_NULL_CHECK.matcher(action);
        if (check.find()) {
            String key = table + "." + Names.simple(check.group(2));
            if (check.group(3) == null) {
                validatedNotNull.add(key);
            } else {
                unvalidatedChecks.put(table + "." + Names.simple(check.group(1)), key);
            }
        }
        Matcher notValid = ADD_NOT_VALID.matcher(action);
        if (notValid.find()) {
            notValidInStep.add(table + "." + Names.simple(notValid.group(1)));
        }
        Matcher validate = VALIDATE.matcher(action);
        if (validate.find()) {
            String checkKey = unvalidatedChecks.remove(table + "." + Names.simple(validate.group(1)));
            if (checkKey != null) {
                validatedNotNull.add(checkKey);
            }
        }
        Matcher type = TYPE.matcher(action);
        if (type.find()) {
            columnTypes.put(table + "." + Names.simple(type.group(1)), type.group(2));
        }
    }

    /** A table name as PostgreSQL resolves it: {@code schema.table}, by the search_path when unqualified. */
    String table(String name) {
        List<String> parts = Names.parts(name);
        if (parts.size() > 1) {
            return parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
        }
        String simple = parts.get(0);
        for (String schema : searchPath) {
            String candidate = schema + "." + simple;
            if (catalog.tables().contains(candidate) || createdInRequest.contains(candidate)) {
                return candidate;
            }
        }
        return searchPath.get(0) + "." + simple;
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

    /** The step is the contract phase of an expand/contract change: clients stopped using what it removes. */
    boolean contractPhase() {
        return contractPhase;
    }

    /** Created by this request, so no running client can use it yet. */
    boolean createdInRequest(String table) {
        return createdInRequest.contains(table);
    }

    /** Has no rows to scan or rewrite: created by this request or empty on the target, and not filled since. */
    boolean hasNoRows(String table) {
        return (createdInRequest.contains(table) || catalog.emptyTables().contains(table))
                && !filledInRequest.contains(table);
    }

    /** The table of an index this request created, if {@code index} names one. */
    Optional<String> tableOfIndexCreatedInRequest(String index) {
        List<String> parts = Names.parts(index);
        String simple = parts.get(parts.size() - 1);
        List<String> schemas = parts.size() > 1 ? List.of(parts.get(parts.size() - 2)) : searchPath;
        return schemas.stream().map(schema -> indexesCreatedInRequest.get(schema + "." + simple))
                .filter(Objects::nonNull).findFirst();
    }

    /** Not on the target (read from its catalog) and not created by this request: there is nothing to drop. */
    boolean absentFromTarget(String table) {
        return catalog.known() && !catalog.tables().contains(table) && !createdInRequest.contains(table);
    }

    /** Exists on the target without a single row, and this request has not filled it. */
    boolean emptyOnTarget(String table) {
        return catalog.emptyTables().contains(table) && !createdInRequest.contains(table)
                && !filledInRequest.contains(table);
    }

    boolean hasValidatedNotNullCheck(String table, String column) {
        return validatedNotNull.contains(table + "." + column);
    }

    /** Whether {@code constraint} of {@code table} was added NOT VALID earlier in this step. */
    boolean addedNotValidInStep(String table, String constraint) {
        return notValidInStep.contains(table + "." + constraint);
    }

    /** The column's type before this statement: from the request's own changes, else the target's catalog. */
    Optional<String> columnType(String table, String column) {
        return Optional.ofNullable(columnTypes.get(table + "." + column));
    }
}
