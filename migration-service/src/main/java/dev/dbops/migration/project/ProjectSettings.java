package dev.dbops.migration.project;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.configuration.ConfigUtils;
import org.flywaydb.core.internal.configuration.TomlUtils;
import org.flywaydb.core.internal.configuration.models.ConfigurationModel;

/**
 * A project's Flyway configuration, read by Flyway's own loaders as its command line reads them:
 * {@code flyway.toml} (Flyway's current format) or else the legacy {@code flyway.conf}. The connection,
 * the target version and {@code cleanDisabled} are dbops's to decide; locations are resolved inside the
 * project, so that a project never reaches files outside it (nor the service's own classpath).
 */
final class ProjectSettings {

    /** Legacy keys dbops decides itself; a project's flyway.conf cannot move them. */
    private static final Set<String> OWN_KEYS = Set.of("flyway.url", "flyway.user", "flyway.password",
            "flyway.target", "flyway.driver", "flyway.cleanDisabled", "flyway.configFiles", "flyway.jarDirs");
    /** Flyway's default location, used by a project without configured locations: its root then holds the scripts. */
    private static final Location DEFAULT_LOCATION = new Location("classpath:db/migration");

    private ProjectSettings() {
    }

    /** The project's configuration; Flyway's defaults where the project says nothing. */
    static Configuration load(Path root) {
        Path toml = root.resolve("flyway.toml");
        Path conf = root.resolve("flyway.conf");
        ClassicConfiguration configuration;
        if (Files.isRegularFile(toml)) {
            ConfigurationModel model = ConfigurationModel.defaults()
                    .merge(TomlUtils.loadConfigurationFiles(List.of(toml.toFile())));
            configuration = new ClassicConfiguration(model);
        } else {
            configuration = new ClassicConfiguration();
            if (Files.isRegularFile(conf)) {
                configuration.configure(legacy(conf.toFile()));
            }
        }
        configuration.setLocations(locations(root, configuration.getLocations()));
        return configuration;
    }

    /** The flyway.* settings of a legacy flyway.conf, without those dbops owns. */
    static Map<String, String> legacy(File conf) {
        Map<String, String> settings = new HashMap<>(ConfigUtils.loadConfigurationFile(conf, "UTF-8", false));
        settings.keySet().removeIf(key -> !key.startsWith("flyway.") || OWN_KEYS.contains(key));
        return settings;
    }

    /** Each location as a folder of the project: {@code filesystem:sql} and {@code classpath:sql} alike. */
    static Location[] locations(Path root, Location[] configured) {
        List<Location> resolved = new ArrayList<>();
        for (Location location : configured) {
            if (!location.isFileSystem() && !location.isClassPath()) {
                throw new FlywayException("location " + location.getDescriptor() + " is not a folder of the project");
            }
            Path folder = root.resolve(location.getRootPath()).normalize();
            if (!folder.startsWith(root)) {
                throw new FlywayException("location " + location.getDescriptor() + " lies outside the project");
            }
            if (location.equals(DEFAULT_LOCATION) && !Files.isDirectory(folder)) {
                folder = root;
            }
            resolved.add(new Location("filesystem:" + folder));
        }
        return resolved.toArray(Location[]::new);
    }
}
