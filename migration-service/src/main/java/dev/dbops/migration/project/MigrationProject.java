package dev.dbops.migration.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * A migration project in Flyway's layout on disk: V/R scripts and callbacks that Flyway runs, U scripts
 * that dbops runs itself, and an optional {@code flyway.toml} or {@code flyway.conf} whose settings Flyway
 * gets unchanged, but for the connection, the target version and clean.
 */
public record MigrationProject(String target, Path root, String origin) {

    private static final Pattern UNDO = Pattern.compile("U([0-9][0-9._]*)__(.+)\\.sql");

    /** The undo script of {@code version}, when the project has one. */
    public Optional<UndoScript> undoOf(MigrationVersion version) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> {
                        Matcher m = UNDO.matcher(file.getFileName().toString());
                        return m.matches() && MigrationVersion.fromVersion(m.group(1)).equals(version)
                                ? new UndoScript(version.getVersion(), m.group(2).replace('_', ' '), file) : null;
                    })
                    .filter(java.util.Objects::nonNull)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration project " + origin, e);
        }
    }

    /**
     * The project's Flyway configuration ({@code flyway.toml} or {@code flyway.conf}), its locations resolved
     * inside the project; read again on every call, so an edited project is seen by the next request.
     */
    public Configuration configuration() {
        return ProjectSettings.load(root);
    }

    /** An undo script {@code U<version>__<description>.sql}. */
    public record UndoScript(String version, String description, Path file) {

        public String script() {
            return file.getFileName().toString();
        }

        public String sql() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read undo script " + file, e);
            }
        }
    }
}
