package dev.dbops.migration.project;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.parser.PlaceholderReplacingReader;
import org.flywaydb.core.internal.resource.ResourceNameParser;

/**
 * Flyway's placeholders (its built-ins such as ${flyway:defaultSchema} and ${flyway:user}, and the
 * project's own) as Flyway fills them for one database, so that what dbops lints and rehearses is the
 * text Flyway will execute there.
 */
public final class Placeholders {

    private final Configuration configuration;
    private final ParsingContext parsing;

    private Placeholders(Configuration configuration, ParsingContext parsing) {
        this.configuration = configuration;
        this.parsing = parsing;
    }

    /** The placeholders' values on the database of {@code dataSource}, as Flyway's own resolver reads them. */
    public static Placeholders of(DataSource dataSource, Configuration configuration) {
        ParsingContext parsing = new ParsingContext();
        try (JdbcConnectionFactory connections = new JdbcConnectionFactory(dataSource, configuration, null);
                Database<?> database = connections.getDatabaseType().createDatabase(configuration, connections, null)) {
            parsing.populate(database, configuration);
        }
        return new Placeholders(configuration, parsing);
    }

    /** Flyway's context for its SQL resolver (checksums of repeatable scripts are taken after replacement). */
    public ParsingContext parsingContext() {
        return parsing;
    }

    /** {@code sql} of the script named {@code filename} with its placeholders replaced (none when disabled). */
    public String replace(String filename, String sql) {
        if (!configuration.isPlaceholderReplacement()) {
            return sql;
        }
        parsing.updateFilenamePlaceholder(new ResourceNameParser(configuration).parse(filename), configuration);
        try (PlaceholderReplacingReader reader = PlaceholderReplacingReader.create(configuration, parsing,
                new StringReader(sql))) {
            StringWriter replaced = new StringWriter();
            reader.transferTo(replaced);
            return replaced.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the placeholders of " + filename, e);
        }
    }
}
