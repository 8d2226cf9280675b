package dev.dbops.migration.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A migration project in Flyway's layout on disk: V/R scripts and callbacks that Flyway runs, U scripts
 * that dbops runs itself, and an optional {@code flyway.conf} whose settings Flyway gets unchanged.
 */
public record MigrationProject(String target, Path root, String origin) {

    private static final Pattern UNDO = Pattern.compile("U([0-9][0-9._]*)__(.+)\\.sql");
    /** Settings dbops decides itself; a project's flyway.conf cannot move them. */
    private static final java.util.Set<String> OWN_KEYS = java.util.Set.of("flyway.url", "flyway.user",
            "flyway.password", "flyway.locations", "flyway.target", "flyway.driver", "flyway.cleanDisabled");

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

    /** The flyway.* settings of the project's flyway.conf, without those dbops owns. */
    public Map<String, String> flywayConf() {
        Path conf = root.resolve("flyway.conf");
        Map<String, String> settings = new HashMap<>();
        if (Files.isRegularFile(conf)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(conf)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + conf, e);
            }
            properties.stringPropertyNames().stream()
                    .filter(key -> key.startsWith("flyway.") && !OWN_KEYS.contains(key))
                    .forEach(key -> settings.put(key, properties.getProperty(key)));
        }
        return settings;
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
